# MS-G3D as PYSKL trains it (disentangled multi-scale graph convolution and G3D windows over the
# 0/1 adjacency). A config on this base names graph_cfg.layout (its dataset's skeleton layout).
model = dict(
    type='RecognizerGCN',
    backbone=dict(type='MSG3D', graph_cfg=dict(mode='binary_adj')),
    cls_head=dict(type='GCNHead', num_classes=60, in_channels=384))

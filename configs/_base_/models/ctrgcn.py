# CTR-GCN as PYSKL trains it (channel-wise topology refinement, MS-G3D's multi-scale TCN).
# A config on this base names graph_cfg.layout (its dataset's skeleton layout).
model = dict(
    type='RecognizerGCN',
    backbone=dict(type='CTRGCN', graph_cfg=dict(mode='spatial')),
    cls_head=dict(type='GCNHead', num_classes=60, in_channels=256))

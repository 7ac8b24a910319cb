# ST-GCN as PYSKL trains it ("stgcn_spatial" partitions, 10 blocks 64-128-256 channels).
# A config on this base names graph_cfg.layout (its dataset's skeleton layout) and, where they
# differ from these, num_person, in_channels and num_classes.
model = dict(
    type='RecognizerGCN',
    backbone=dict(type='STGCN', graph_cfg=dict(mode='stgcn_spatial')),
    cls_head=dict(type='GCNHead', num_classes=60, in_channels=256))

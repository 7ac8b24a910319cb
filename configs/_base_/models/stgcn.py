# ST-GCN as PYSKL trains it ("stgcn_spatial" partitions, 10 blocks 64-128-256 channels).
# The config's top-level `layout` (set by its dataset base) names graph_cfg.layout; datasets
# set num_person, in_channels and num_classes.
model = dict(
    type='RecognizerGCN',
    backbone=dict(type='STGCN', graph_cfg=dict(mode='stgcn_spatial')),
    cls_head=dict(type='GCNHead', num_classes=60, in_channels=256))

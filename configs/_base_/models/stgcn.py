# ST-GCN as PYSKL trains it ("stgcn_spatial" partitions, 10 blocks 64-128-256 channels).
# Datasets set graph_cfg.layout, num_person, in_channels and num_classes.
model = dict(
    type='RecognizerGCN',
    backbone=dict(type='STGCN', graph_cfg=dict(layout='nturgb+d', mode='stgcn_spatial')),
    cls_head=dict(type='GCNHead', num_classes=60, in_channels=256))

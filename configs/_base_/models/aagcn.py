# AAGCN as PYSKL trains it (adaptive graph with spatial/temporal/channel attention).
# A config on this base names graph_cfg.layout (its dataset's skeleton layout).
model = dict(
    type='RecognizerGCN',
    backbone=dict(type='AAGCN', graph_cfg=dict(mode='spatial')),
    cls_head=dict(type='GCNHead', num_classes=60, in_channels=256))

# 2s-AGCN (Shi et al. 2019): A + learned B + data-dependent C, no attention.
# A config on this base names graph_cfg.layout (its dataset's skeleton layout).
model = dict(
    type='RecognizerGCN',
    backbone=dict(type='AGCN', graph_cfg=dict(mode='spatial')),
    cls_head=dict(type='GCNHead', num_classes=60, in_channels=256))

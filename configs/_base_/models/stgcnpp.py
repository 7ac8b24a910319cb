# ST-GCN++ (PYSKL): adaptive graph initialised from A, residual graph conv, multi-scale TCN.
# A config on this base names graph_cfg.layout (its dataset's skeleton layout).
model = dict(
    type='RecognizerGCN',
    backbone=dict(type='STGCN', gcn_adaptive='init', gcn_with_res=True, tcn_type='mstcn',
                  graph_cfg=dict(mode='spatial')),
    cls_head=dict(type='GCNHead', num_classes=60, in_channels=256))

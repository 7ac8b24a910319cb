# ST-GCN as published (Yan et al. 2018) and in PYSKL's vanilla configs: the paper's spatial
# partition, learnable edge importance, dropout 0.5 in every temporal unit.
# A config on this base names graph_cfg.layout (its dataset's skeleton layout).
model = dict(
    type='RecognizerGCN',
    backbone=dict(type='STGCN', gcn_adaptive='importance', tcn_dropout=0.5,
                  graph_cfg=dict(mode='stgcn_spatial')),
    cls_head=dict(type='GCNHead', num_classes=60, in_channels=256))

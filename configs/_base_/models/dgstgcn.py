# DG-STGCN as PYSKL trains it (dynamic group graph convolution from 8 random graphs,
# dgmstcn temporal units). A config on this base names graph_cfg.layout (its dataset's
# skeleton layout).
model = dict(
    type='RecognizerGCN',
    backbone=dict(
        type='DGSTGCN',
        gcn_ratio=0.125,
        gcn_ctr='T',
        gcn_ada='T',
        tcn_ms_cfg=[(3, 1), (3, 2), (3, 3), (3, 4), ('max', 3), '1x1'],
        graph_cfg=dict(mode='random', num_filter=8, init_off=.04, init_std=.02)),
    cls_head=dict(type='GCNHead', num_classes=60, in_channels=256))

"""AAGCN on NW-UCLA (cross-view), bone motion stream: the ST-GCN bone motion config with AAGCN's
backbone."""
_base_ = ['../../stgcn/stgcn_nwucla/bm.py']

model = dict(
    backbone=dict(_delete_=True, type='AAGCN', graph_cfg=dict(layout='nw-ucla', mode='spatial'),
                  num_person=1))

"""AAGCN on NW-UCLA (cross-view), joint stream: the ST-GCN NW-UCLA recipe (data, augmentation,
schedule) with AAGCN's per-sample adaptive graph and attention in place of ST-GCN."""
_base_ = ['../../stgcn/stgcn_nwucla/j.py']

model = dict(
    backbone=dict(_delete_=True, type='AAGCN', graph_cfg=dict(layout='nw-ucla', mode='spatial'),
                  num_person=1))

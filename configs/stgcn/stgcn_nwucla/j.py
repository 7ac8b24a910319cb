"""ST-GCN on NW-UCLA (cross-view), joint stream; trains on a CPU (35 epochs of 64 batches)."""
_base_ = ['../../_base_/models/stgcn.py', '../../_base_/datasets/nwucla.py',
          '../../_base_/schedules/sgd_cosine_nwucla.py', '../../_base_/default_runtime.py']

model = dict(
    backbone=dict(graph_cfg=dict(layout='nw-ucla'), num_person=1),
    cls_head=dict(num_classes=10))

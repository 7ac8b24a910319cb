"""CTR-GCN on NW-UCLA (cross-view), joint stream, with the CTR-GCN authors' view handling
(``_base_/datasets/nwucla_minmax.py``: turns of up to 60 degrees about x and y, then each axis
of the sequence stretched onto [-1, 1]) in place of ``ctrgcn_nwucla``'s scale and turns; model
and schedule as ``ctrgcn_nwucla``.

The authors' schedule is not taken: 65 epochs of five passes each at batch 16, lr 0.1, step
decay (about nine times these 35 one-pass epochs, out of reach of a CPU session)."""
_base_ = ['../../_base_/models/stgcn.py', '../../_base_/datasets/nwucla_minmax.py',
          '../../_base_/schedules/sgd_cosine_nwucla.py', '../../_base_/default_runtime.py']

model = dict(
    backbone=dict(_delete_=True, type='CTRGCN', graph_cfg=dict(layout='nw-ucla', mode='spatial'),
                  num_person=1),
    cls_head=dict(num_classes=10))

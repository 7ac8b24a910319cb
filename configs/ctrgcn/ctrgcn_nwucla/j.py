"""CTR-GCN on NW-UCLA (cross-view), joint stream: the ST-GCN NW-UCLA recipe (data, augmentation,
schedule) with CTR-GCN's channel-wise refined graphs in place of ST-GCN.

The CTR-GCN authors' NW-UCLA recipe differs: batch 16 at lr 0.1 with a 5-epoch warm-up, step
decay over 65 epochs, and their own sampler (random 52-frame windows of a cropped interval);
this config keeps the recipe the project's other NW-UCLA models were tuned on for the CPU, so
the streams fuse across model families on equal terms."""
_base_ = ['../../stgcn/stgcn_nwucla/j.py']

model = dict(
    backbone=dict(_delete_=True, type='CTRGCN', graph_cfg=dict(layout='nw-ucla', mode='spatial'),
                  num_person=1))

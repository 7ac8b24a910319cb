"""configs/stgcn/stgcn_nwucla_rep3/j.py with one pass per epoch (times=1), trained on NW-UCLA's
first training view and tested on the second (held out to choose fusion weights on;
docs/results.md, section "Fusion weights chosen on a held-out view")."""
_base_ = ['../../../../configs/stgcn/stgcn_nwucla_rep3/j.py']
ann_file = 'data/nw-ucla/nw-ucla_views.pkl'
train_dataloader = dict(dataset=dict(times=1, dataset=dict(ann_file=ann_file, split='view1')))
val_dataloader = dict(dataset=dict(ann_file=ann_file, split='view2'))
test_dataloader = dict(dataset=dict(ann_file=ann_file, split='view2'))

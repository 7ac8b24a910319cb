"""2s-AGCN as published (300 frames, 50 epochs, steps 30/40), NTU RGB+D 60 cross-view, 3D
skeletons, joint stream."""
_base_ = ['../../_base_/models/agcn.py',
          '../../_base_/datasets/ntu_3d_agcn.py',
          '../../_base_/schedules/sgd_step_50e.py',
          '../../_base_/default_runtime.py']

ann_file = 'data/nturgb+d/ntu60_3danno.pkl'
train_dataloader = dict(dataset=dict(ann_file=ann_file, split='xview_train'))
val_dataloader = dict(dataset=dict(ann_file=ann_file, split='xview_val'))
test_dataloader = dict(dataset=dict(ann_file=ann_file, split='xview_val'))

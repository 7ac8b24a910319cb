"""2s-AGCN as mmaction2 0.x trains it (2sagcn_80e_*: 300 looped frames, 80 epochs, steps 30/40), NTU
RGB+D 60 cross-subject, 3D skeletons, joint stream."""
_base_ = ['../../_base_/models/agcn.py',
          '../../_base_/datasets/ntu_3d_mmaction2.py',
          '../../_base_/schedules/sgd_step_50e.py',
          '../../_base_/default_runtime.py']

ann_file = 'data/nturgb+d/ntu60_3danno.pkl'
train_dataloader = dict(batch_size=12, dataset=dict(ann_file=ann_file, split='xsub_train'))
val_dataloader = dict(dataset=dict(ann_file=ann_file, split='xsub_val'))
test_dataloader = dict(dataset=dict(ann_file=ann_file, split='xsub_val'))

train_cfg = dict(max_epochs=80)
auto_scale_lr = dict(base_batch_size=24)  # 12 x 2 GPUs: mmaction2's bone row (its joint row: 1 GPU)
model = dict(backbone=dict(graph_cfg=dict(layout='ntu-rgb+d')))

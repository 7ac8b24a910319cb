"""ST-GCN as its authors trained it on NTU RGB+D 60 cross-subject (yysijie/st-gcn
config/st_gcn/ntu-xsub/train.yaml): raw 3D coordinates zero-padded to 300 frames, batch 64, 80
epochs, steps 10/50, joint stream."""
_base_ = ['../../_base_/models/stgcn_vanilla.py',
          '../../_base_/datasets/ntu_3d_original.py',
          '../../_base_/schedules/sgd_step_80e.py',
          '../../_base_/default_runtime.py']

ann_file = 'data/nturgb+d/ntu60_3danno.pkl'
train_dataloader = dict(batch_size=64, dataset=dict(ann_file=ann_file, split='xsub_train'))
val_dataloader = dict(dataset=dict(ann_file=ann_file, split='xsub_val'))
test_dataloader = dict(dataset=dict(ann_file=ann_file, split='xsub_val'))
model = dict(backbone=dict(graph_cfg=dict(layout='ntu-rgb+d')))

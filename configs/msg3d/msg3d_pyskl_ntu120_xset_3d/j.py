"""MS-G3D, PYSKL practice, NTU RGB+D 120 cross-setup, 3D skeletons, joint stream."""
_base_ = ['../../_base_/models/msg3d.py',
          '../../_base_/datasets/ntu_3d.py',
          '../../_base_/schedules/sgd_cosine_16e.py',
          '../../_base_/default_runtime.py']

ann_file = 'data/nturgb+d/ntu120_3danno.pkl'
train_dataloader = dict(dataset=dict(dataset=dict(ann_file=ann_file, split='xset_train')))
val_dataloader = dict(dataset=dict(ann_file=ann_file, split='xset_val'))
test_dataloader = dict(dataset=dict(ann_file=ann_file, split='xset_val'))
model = dict(backbone=dict(graph_cfg=dict(layout='nturgb+d')), cls_head=dict(num_classes=120))

"""PoseC3D SlowOnly-R50, mmaction2 0.x recipe (slowonly_r50_u48_240e_gym_keypoint), FineGYM (99
classes; its metric is mean-class accuracy, acc/mean1), keypoint heatmaps."""
_base_ = ['../_base_/models/posec3d_slowonly_r50.py',
          '../_base_/datasets/posec3d_mmaction.py',
          '../_base_/schedules/posec3d_sgd_cosine_240e.py',
          '../_base_/default_runtime.py']

train_dataloader = dict(num_workers=2, dataset=dict(ann_file='data/posec3d/gym_train.pkl'))
val_dataloader = dict(dataset=dict(ann_file='data/posec3d/gym_val.pkl'))
test_dataloader = dict(dataset=dict(ann_file='data/posec3d/gym_val.pkl'))
model = dict(cls_head=dict(num_classes=99))

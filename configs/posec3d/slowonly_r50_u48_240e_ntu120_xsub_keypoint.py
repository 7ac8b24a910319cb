"""PoseC3D SlowOnly-R50, mmaction2 0.x recipe (slowonly_r50_u48_240e_ntu120_xsub_keypoint), NTU
RGB+D 120 cross-subject, keypoint heatmaps."""
_base_ = ['../_base_/models/posec3d_slowonly_r50.py',
          '../_base_/datasets/posec3d_mmaction.py',
          '../_base_/schedules/posec3d_sgd_cosine_240e.py',
          '../_base_/default_runtime.py']

# mmaction2's: classes 60-119 drawn twice as often in training
train_dataloader = dict(dataset=dict(ann_file='data/posec3d/ntu120_xsub_train.pkl',
                                     class_prob=[1] * 60 + [2] * 60))
val_dataloader = dict(dataset=dict(ann_file='data/posec3d/ntu120_xsub_val.pkl'))
test_dataloader = dict(dataset=dict(ann_file='data/posec3d/ntu120_xsub_val.pkl'))
model = dict(cls_head=dict(num_classes=120))

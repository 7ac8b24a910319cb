"""PoseC3D SlowOnly-R50, PYSKL recipe (PYSKL configs/posec3d/slowonly_r50_ntu120_xsub/joint.py),
NTU RGB+D 120 cross-subject, keypoint heatmaps."""
_base_ = ['../../_base_/models/posec3d_slowonly_r50.py',
          '../../_base_/datasets/posec3d_pyskl.py',
          '../../_base_/schedules/posec3d_sgd_cosine_24e.py',
          '../../_base_/default_runtime.py']

ann_file = 'data/nturgb+d/ntu120_hrnet.pkl'
# PYSKL's: classes 60-119 drawn twice as often in training
train_dataloader = dict(dataset=dict(dataset=dict(
    ann_file=ann_file, split='xsub_train', class_prob=[1] * 60 + [2] * 60)))
val_dataloader = dict(dataset=dict(ann_file=ann_file, split='xsub_val'))
test_dataloader = dict(dataset=dict(ann_file=ann_file, split='xsub_val'))
model = dict(cls_head=dict(num_classes=120))
# Differs from PYSKL: its NTU120 joint.py renders limb heatmaps (with_limb=True, a slip its file
# name contradicts); this one renders keypoints.

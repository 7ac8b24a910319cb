"""PoseC3D SlowOnly-R50, PYSKL recipe (PYSKL configs/posec3d/slowonly_r50_diving48/joint.py),
Diving48, keypoint heatmaps."""
_base_ = ['../../_base_/models/posec3d_slowonly_r50.py',
          '../../_base_/datasets/posec3d_pyskl.py',
          '../../_base_/schedules/posec3d_sgd_cosine_24e.py',
          '../../_base_/default_runtime.py']

ann_file = 'data/diving48/diving48_hrnet.pkl'
train_dataloader = dict(dataset=dict(dataset=dict(ann_file=ann_file, split='train')))
val_dataloader = dict(dataset=dict(ann_file=ann_file, split='test'))
test_dataloader = dict(dataset=dict(ann_file=ann_file, split='test'))
model = dict(cls_head=dict(num_classes=48))
optim_wrapper = dict(optimizer=dict(weight_decay=1e-4))

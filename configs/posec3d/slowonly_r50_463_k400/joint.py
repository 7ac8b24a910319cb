"""PoseC3D SlowOnly-R50, PYSKL recipe (PYSKL configs/posec3d/slowonly_r50_463_k400/joint.py),
Kinetics-400, keypoint heatmaps."""
_base_ = ['../../_base_/models/posec3d_slowonly_r50.py',
          '../../_base_/datasets/posec3d_pyskl_k400.py',
          '../../_base_/schedules/posec3d_sgd_cosine_24e.py',
          '../../_base_/default_runtime.py']

model = dict(cls_head=dict(num_classes=400))
optim_wrapper = dict(optimizer=dict(weight_decay=1e-4))

"""PoseC3D X3D-shallow on NW-UCLA cross-view, keypoint heatmaps of the skeletons projected to
the Kinect v1 depth image; PYSKL's PoseC3D schedule (no seed exists for NW-UCLA)."""
_base_ = ['../../_base_/models/posec3d_x3d_shallow.py',
          '../../_base_/datasets/posec3d_nwucla.py',
          '../../_base_/schedules/posec3d_sgd_cosine_24e.py',
          '../../_base_/default_runtime.py']

model = dict(backbone=dict(in_channels=20), cls_head=dict(num_classes=10))

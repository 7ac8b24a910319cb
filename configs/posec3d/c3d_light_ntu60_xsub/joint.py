"""PoseC3D C3D-light, PYSKL recipe (PYSKL configs/posec3d/c3d_light_ntu60_xsub/joint.py), NTU RGB+D
60 cross-subject, keypoint heatmaps."""
_base_ = ['../../_base_/models/posec3d_c3d_light.py',
          '../../_base_/datasets/posec3d_pyskl.py',
          '../../_base_/schedules/posec3d_sgd_cosine_24e.py',
          '../../_base_/default_runtime.py']


"""PoseC3D SlowOnly-R50, mmaction2 0.x recipe (slowonly_r50_u48_240e_ntu60_xsub_keypoint), NTU
RGB+D 60 cross-subject, keypoint heatmaps."""
_base_ = ['../_base_/models/posec3d_slowonly_r50.py',
          '../_base_/datasets/posec3d_mmaction.py',
          '../_base_/schedules/posec3d_sgd_cosine_240e.py',
          '../_base_/default_runtime.py']


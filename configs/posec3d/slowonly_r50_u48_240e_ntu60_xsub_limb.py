"""PoseC3D SlowOnly-R50, mmaction2 0.x recipe (slowonly_r50_u48_240e_ntu60_xsub_limb), NTU RGB+D 60
cross-subject, limb heatmaps."""
_base_ = ['./slowonly_r50_u48_240e_ntu60_xsub_keypoint.py']

heatmap = 'limb'

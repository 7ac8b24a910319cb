"""PoseC3D SlowOnly-R50, PYSKL recipe (PYSKL configs/posec3d/slowonly_r50_ntu60_xsub/limb.py), NTU
RGB+D 60 cross-subject, limb heatmaps."""
_base_ = ['./joint.py']

heatmap = 'limb'

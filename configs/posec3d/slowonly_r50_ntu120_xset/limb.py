"""PoseC3D SlowOnly-R50, PYSKL recipe (PYSKL configs/posec3d/slowonly_r50_ntu120_xset/limb.py), NTU
RGB+D 120 cross-setup, limb heatmaps."""
_base_ = ['./joint.py']

heatmap = 'limb'

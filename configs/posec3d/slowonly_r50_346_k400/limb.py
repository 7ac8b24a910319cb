"""PoseC3D SlowOnly-R50 (3, 4, 6), PYSKL recipe (PYSKL
configs/posec3d/slowonly_r50_346_k400/limb.py), Kinetics-400, limb heatmaps."""
_base_ = ['./joint.py']

heatmap = 'limb'

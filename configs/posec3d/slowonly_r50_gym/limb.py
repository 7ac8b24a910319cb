"""PoseC3D SlowOnly-R50, PYSKL recipe (PYSKL configs/posec3d/slowonly_r50_gym/limb.py), FineGYM (99
classes; its metric is mean-class accuracy, acc/mean1), limb heatmaps."""
_base_ = ['./joint.py']

heatmap = 'limb'

"""PoseC3D X3D-shallow, PYSKL recipe (PYSKL configs/posec3d/x3d_shallow_gym/limb.py), FineGYM (99
classes; its metric is mean-class accuracy, acc/mean1), limb heatmaps."""
_base_ = ['./joint.py']

heatmap = 'limb'

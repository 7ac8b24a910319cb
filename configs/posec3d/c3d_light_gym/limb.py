"""PoseC3D C3D-light, PYSKL recipe (PYSKL configs/posec3d/c3d_light_gym/limb.py), FineGYM (99
classes; its metric is mean-class accuracy, acc/mean1), limb heatmaps."""
_base_ = ['./joint.py']

heatmap = 'limb'

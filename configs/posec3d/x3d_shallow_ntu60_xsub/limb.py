"""PoseC3D X3D-shallow, PYSKL recipe (PYSKL configs/posec3d/x3d_shallow_ntu60_xsub/limb.py), NTU
RGB+D 60 cross-subject, limb heatmaps."""
_base_ = ['./joint.py']

heatmap = 'limb'

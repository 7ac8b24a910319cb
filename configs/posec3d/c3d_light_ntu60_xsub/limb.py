"""PoseC3D C3D-light, PYSKL recipe (PYSKL configs/posec3d/c3d_light_ntu60_xsub/limb.py), NTU RGB+D
60 cross-subject, limb heatmaps."""
_base_ = ['./joint.py']

heatmap = 'limb'

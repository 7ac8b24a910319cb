"""X3D-shallow on NW-UCLA cross-view sized for a CPU, limb heatmaps: joint.py beside it with
NW-UCLA's 19 bones as limbs."""
_base_ = ['./joint.py']

heatmap = 'limb'
model = dict(backbone=dict(in_channels=19))

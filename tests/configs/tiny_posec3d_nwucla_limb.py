# tiny_posec3d_nwucla.py with limb heatmaps (NW-UCLA's 19 bones) in its tests.
_base_ = ['./tiny_posec3d_nwucla.py']

heatmap = 'limb'
model = dict(backbone=dict(in_channels=19))

"""PoseC3D X3D-shallow on NW-UCLA cross-view, limb heatmaps (NW-UCLA's 19 bones) of the
skeletons projected to the Kinect v1 depth image; PYSKL's PoseC3D schedule."""
_base_ = ['./joint.py']

heatmap = 'limb'
model = dict(backbone=dict(in_channels=19))

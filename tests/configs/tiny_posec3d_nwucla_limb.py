# tiny_posec3d_nwucla.py with limb heatmaps (NW-UCLA's 19 bones) in its tests.
_base_ = ['./tiny_posec3d_nwucla.py']

model = dict(backbone=dict(in_channels=19))
val_dataloader = dict(dataset=dict(pipeline={{_base_.limb_test_pipeline}}))
test_dataloader = dict(dataset=dict(pipeline={{_base_.limb_test_pipeline}}))

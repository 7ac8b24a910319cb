"""X3D-shallow on NW-UCLA cross-view sized for a CPU, limb heatmaps: joint.py beside it with
NW-UCLA's 19 bones as limbs."""
_base_ = ['./joint.py']

model = dict(backbone=dict(in_channels=19))
train_dataloader = dict(dataset=dict(pipeline={{_base_.limb_train_pipeline}}))
val_dataloader = dict(dataset=dict(pipeline={{_base_.limb_test_pipeline}}))
test_dataloader = dict(dataset=dict(pipeline={{_base_.limb_test_pipeline}}))

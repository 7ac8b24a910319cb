"""PoseC3D SlowOnly-R50, mmaction2 0.x recipe (slowonly_r50_u48_240e_ntu120_xsub_limb), NTU RGB+D
120 cross-subject, limb heatmaps."""
_base_ = ['./slowonly_r50_u48_240e_ntu120_xsub_keypoint.py']

# the joint config's pipelines with GeneratePoseTarget drawing the limbs of skeletons;
# the flip test mirrors them by left_limb / right_limb
train_pipeline = [
    dict(t, with_kp=False, with_limb=True, skeletons=_base_.skeletons)
    if t.type == 'GeneratePoseTarget' else t for t in _base_.train_pipeline]
val_pipeline = [
    dict(t, with_kp=False, with_limb=True, skeletons=_base_.skeletons)
    if t.type == 'GeneratePoseTarget' else t for t in _base_.val_pipeline]
test_pipeline = [
    dict(t, with_kp=False, with_limb=True, skeletons=_base_.skeletons,
         left_limb=_base_.left_limb, right_limb=_base_.right_limb)
    if t.type == 'GeneratePoseTarget' else t for t in _base_.test_pipeline]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
# Differs from mmaction2: its limb file reads the NTU60 pickles, which contradicts its 120
# classes: this one reads the NTU120 ones.

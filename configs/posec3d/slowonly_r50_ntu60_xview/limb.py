"""PoseC3D SlowOnly-R50, PYSKL recipe (PYSKL configs/posec3d/slowonly_r50_ntu60_xview/limb.py), NTU
RGB+D 60 cross-view, limb heatmaps."""
_base_ = ['./joint.py']

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
train_dataloader = dict(dataset=dict(dataset=dict(pipeline=train_pipeline)))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))

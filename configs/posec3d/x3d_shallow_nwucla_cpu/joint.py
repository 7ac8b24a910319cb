"""X3D-shallow on NW-UCLA cross-view sized for a shared CPU (docs/results.md):
x3d_shallow_nwucla/joint.py with 16-frame clips at 32 x 32 for training and 36 x 36 for tests,
30 epochs at lr 0.05 for batches of 16, tests on 1 clip and its mirror."""
_base_ = ['../x3d_shallow_nwucla/joint.py']

left_kp = [4, 5, 6, 7, 12, 13, 14, 15]
right_kp = [8, 9, 10, 11, 16, 17, 18, 19]
train_pipeline = [
    dict(type='PinholeProject'),
    dict(type='UniformSampleFrames', clip_len=16),
    dict(type='PoseDecode'),
    dict(type='PoseCompact', hw_ratio=1., allow_imgpad=True),
    dict(type='Resize', scale=(-1, 40)),
    dict(type='RandomResizedCrop', area_range=(0.56, 1.0)),
    dict(type='Resize', scale=(32, 32), keep_ratio=False),
    dict(type='Flip', flip_ratio=0.5, left_kp=left_kp, right_kp=right_kp),
    dict(type='GeneratePoseTarget', with_kp=True, with_limb=False),
    dict(type='FormatShape', input_format='NCTHW_Heatmap'),
    dict(type='PackActionInputs'),
]
test_pipeline = [
    dict(type='PinholeProject'),
    # interval_draws=False: the test frames of the recorded NW-UCLA results (sampling without
    # PYSKL's per-clip interval draws, as mmaction2 does)
    dict(type='UniformSampleFrames', clip_len=16, num_clips=1, test_mode=True,
         interval_draws=False),
    dict(type='PoseDecode'),
    dict(type='PoseCompact', hw_ratio=1., allow_imgpad=True),
    dict(type='Resize', scale=(36, 36), keep_ratio=False),
    dict(type='GeneratePoseTarget', with_kp=True, with_limb=False, double=True,
         left_kp=left_kp, right_kp=right_kp),
    dict(type='FormatShape', input_format='NCTHW_Heatmap'),
    dict(type='PackActionInputs'),
]
val_pipeline = test_pipeline  # validation as the test: 1 clip and its mirror

loader = dict(batch_size=16, num_workers=0, persistent_workers=False)
train_dataloader = dict(loader, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(loader, dataset=dict(pipeline=val_pipeline))
test_dataloader = dict(loader, dataset=dict(pipeline=test_pipeline))
train_cfg = dict(max_epochs=30, val_interval=10)
optim_wrapper = dict(optimizer=dict(lr=0.05))

# PoseC3D X3D-shallow on NW-UCLA shrunk for tests, reading 2D keypoints in pixels (PYSKL's
# HRNet pickle form, as the tiny_nwucla_2d fixture writes): 8 frames at 32 x 32, one block of
# 8 channels per stage, batches of 4, no worker processes, one epoch, a log line per iteration,
# flip test-time augmentation. Tests set the three ann_file keys.
_base_ = ['../../configs/posec3d/x3d_shallow_nwucla/joint.py']

left_kp = [4, 5, 6, 7, 12, 13, 14, 15]
right_kp = [8, 9, 10, 11, 16, 17, 18, 19]
train_pipeline = [
    dict(type='UniformSampleFrames', clip_len=8),
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
    dict(type='UniformSampleFrames', clip_len=8, num_clips=1, test_mode=True),
    dict(type='PoseDecode'),
    dict(type='PoseCompact', hw_ratio=1., allow_imgpad=True),
    dict(type='Resize', scale=(32, 32), keep_ratio=False),
    dict(type='GeneratePoseTarget', with_kp=True, with_limb=False, double=True,
         left_kp=left_kp, right_kp=right_kp),
    dict(type='FormatShape', input_format='NCTHW_Heatmap'),
    dict(type='PackActionInputs'),
]
val_pipeline = test_pipeline
model = dict(backbone=dict(base_channels=8, stage_blocks=(1, 1, 1)),
             cls_head=dict(in_channels=72))
loader = dict(batch_size=4, num_workers=0, persistent_workers=False)
train_dataloader = dict(loader, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(loader, dataset=dict(pipeline=val_pipeline))
test_dataloader = dict(loader, batch_size=2, dataset=dict(pipeline=test_pipeline))
train_cfg = dict(max_epochs=1, val_interval=1)
default_hooks = dict(logger=dict(interval=1))
optim_wrapper = dict(optimizer=dict(lr=0.05))

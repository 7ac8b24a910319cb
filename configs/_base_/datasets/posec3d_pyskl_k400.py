# PoseC3D heatmap pipelines for Kinetics-400, PYSKL's recipe: posec3d_pyskl.py's, each starting
# with DecompressPose, since PYSKL's k400_hrnet.pkl stores the poses compressed (one row per
# detected box, see DecompressPose); 8 loading workers for training. box_thr=0.5 keys the
# records' valid counts; with valid_ratio=0.0 (PYSKL's) no sample is filtered and every box is
# kept, at most 10 persons a frame (DecompressPose's max_person, by score). No memcached.
_base_ = ['./posec3d_pyskl.py']

ann_file = 'data/k400/k400_hrnet.pkl'
decompress = dict(type='DecompressPose', squeeze=True)
train_pipeline = [
    decompress,
    dict(type='UniformSampleFrames', clip_len=48),
    dict(type='PoseDecode'),
    dict(type='PoseCompact', hw_ratio=1., allow_imgpad=True),
    dict(type='Resize', scale=(-1, 64)),
    dict(type='RandomResizedCrop', area_range=(0.56, 1.0)),
    dict(type='Resize', scale=(56, 56), keep_ratio=False),
    dict(type='Flip', flip_ratio=0.5, left_kp={{_base_.left_kp}}, right_kp={{_base_.right_kp}}),
    dict(type='GeneratePoseTarget', with_kp=True, with_limb=False),
    dict(type='FormatShape', input_format='NCTHW_Heatmap'),
    dict(type='PackActionInputs'),
]
val_pipeline = [
    decompress,
    dict(type='UniformSampleFrames', clip_len=48, num_clips=1, test_mode=True),
    dict(type='PoseDecode'),
    dict(type='PoseCompact', hw_ratio=1., allow_imgpad=True),
    dict(type='Resize', scale=(64, 64), keep_ratio=False),
    dict(type='GeneratePoseTarget', with_kp=True, with_limb=False),
    dict(type='FormatShape', input_format='NCTHW_Heatmap'),
    dict(type='PackActionInputs'),
]
test_pipeline = [
    decompress,
    dict(type='UniformSampleFrames', clip_len=48, num_clips=10, test_mode=True),
    dict(type='PoseDecode'),
    dict(type='PoseCompact', hw_ratio=1., allow_imgpad=True),
    dict(type='Resize', scale=(64, 64), keep_ratio=False),
    dict(type='GeneratePoseTarget', with_kp=True, with_limb=False, double=True,
         left_kp={{_base_.left_kp}}, right_kp={{_base_.right_kp}}),
    dict(type='FormatShape', input_format='NCTHW_Heatmap'),
    dict(type='PackActionInputs'),
]

train_dataloader = dict(num_workers=8, dataset=dict(dataset=dict(
    ann_file=ann_file, split='train', box_thr=0.5, valid_ratio=0.0, pipeline=train_pipeline)))
val_dataloader = dict(dataset=dict(
    ann_file=ann_file, split='val', box_thr=0.5, pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(
    ann_file=ann_file, split='val', box_thr=0.5, pipeline=test_pipeline))

# PoseC3D heatmap pipelines, mmaction2 0.x's recipe (slowonly_r50_u48_240e_*): as PYSKL's
# (posec3d_pyskl.py) but tests take the centre 64 x 64 of a short side of 64, and the training
# set is not repeated, 16 samples a batch. mmaction2 0.x ships one pickle per split
# (data/posec3d/<dataset>_train.pkl / _val.pkl); NTU60 cross-subject by default.
_base_ = ['./skeleton_loaders.py']

ann_file_train = 'data/posec3d/ntu60_xsub_train.pkl'
ann_file_val = 'data/posec3d/ntu60_xsub_val.pkl'
left_kp = [1, 3, 5, 7, 9, 11, 13, 15]
right_kp = [2, 4, 6, 8, 10, 12, 14, 16]
# PYSKL's limb list for COCO-17 and the limbs that mirror each other in it (limb leaves)
skeletons = [[0, 5], [0, 6], [5, 7], [7, 9], [6, 8], [8, 10], [5, 11], [11, 13], [13, 15],
             [6, 12], [12, 14], [14, 16], [0, 1], [0, 2], [1, 3], [2, 4], [11, 12]]
left_limb = [0, 2, 3, 6, 7, 8, 12, 14]
right_limb = [1, 4, 5, 9, 10, 11, 13, 15]

train_pipeline = [
    # mmaction2's sampling: no per-clip interval draws (PYSKL's make them)
    dict(type='UniformSampleFrames', clip_len=48, interval_draws=False),
    dict(type='PoseDecode'),
    dict(type='PoseCompact', hw_ratio=1., allow_imgpad=True),
    dict(type='Resize', scale=(-1, 64)),
    dict(type='RandomResizedCrop', area_range=(0.56, 1.0)),
    dict(type='Resize', scale=(56, 56), keep_ratio=False),
    dict(type='Flip', flip_ratio=0.5, left_kp=left_kp, right_kp=right_kp),
    dict(type='GeneratePoseTarget', with_kp=True, with_limb=False),
    dict(type='FormatShape', input_format='NCTHW_Heatmap'),
    dict(type='PackActionInputs'),
]
val_pipeline = [
    dict(type='UniformSampleFrames', clip_len=48, num_clips=1, test_mode=True,
         interval_draws=False),
    dict(type='PoseDecode'),
    dict(type='PoseCompact', hw_ratio=1., allow_imgpad=True),
    dict(type='Resize', scale=(-1, 64)),
    dict(type='CenterCrop', crop_size=64),
    dict(type='GeneratePoseTarget', with_kp=True, with_limb=False),
    dict(type='FormatShape', input_format='NCTHW_Heatmap'),
    dict(type='PackActionInputs'),
]
# the val pipeline on 10 clips, each also mirrored (flip test-time augmentation)
test_pipeline = [
    dict(t, num_clips=10) if t['type'] == 'UniformSampleFrames' else
    dict(t, double=True, left_kp=left_kp, right_kp=right_kp)
    if t['type'] == 'GeneratePoseTarget' else t for t in val_pipeline]

train_dataloader = dict(
    dataset=dict(type='PoseDataset', ann_file=ann_file_train, pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(ann_file=ann_file_val, pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(ann_file=ann_file_val, pipeline=test_pipeline))

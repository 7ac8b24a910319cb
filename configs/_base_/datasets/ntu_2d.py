# NTU RGB+D 2D keypoints from HRNet (COCO-17, PYSKL's ntu60_hrnet.pkl / ntu120_hrnet.pkl; the
# score is the third channel), PYSKL practice: 100 uniformly sampled frames, test on 10 clips.
# NTU60 cross-subject by default; leaves set ann_file and split for the others.
ann_file = 'data/nturgb+d/ntu60_hrnet.pkl'
feats = ['j']
train_pipeline = [
    dict(type='PreNormalize2D'),
    dict(type='GenSkeFeat', dataset='coco', feats=feats),
    dict(type='UniformSampleFrames', clip_len=100),
    dict(type='PoseDecode'),
    dict(type='FormatGCNInput', num_person=2),
    dict(type='PackActionInputs'),
]
val_pipeline = [
    dict(type='PreNormalize2D'),
    dict(type='GenSkeFeat', dataset='coco', feats=feats),
    dict(type='UniformSampleFrames', clip_len=100, num_clips=1, test_mode=True),
    dict(type='PoseDecode'),
    dict(type='FormatGCNInput', num_person=2),
    dict(type='PackActionInputs'),
]
test_pipeline = [
    dict(type='PreNormalize2D'),
    dict(type='GenSkeFeat', dataset='coco', feats=feats),
    dict(type='UniformSampleFrames', clip_len=100, num_clips=10, test_mode=True),
    dict(type='PoseDecode'),
    dict(type='FormatGCNInput', num_person=2),
    dict(type='PackActionInputs'),
]

train_dataloader = dict(
    batch_size=16,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    collate_fn=dict(type='default_collate'),
    dataset=dict(
        type='RepeatDataset',
        times=5,
        dataset=dict(type='PoseDataset', ann_file=ann_file, split='xsub_train',
                     pipeline=train_pipeline)))
val_dataloader = dict(
    batch_size=16,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='default_collate'),
    dataset=dict(type='PoseDataset', ann_file=ann_file, split='xsub_val',
                 pipeline=val_pipeline, test_mode=True))
test_dataloader = dict(
    batch_size=1,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='default_collate'),
    dataset=dict(type='PoseDataset', ann_file=ann_file, split='xsub_val',
                 pipeline=test_pipeline, test_mode=True))

val_evaluator = [dict(type='AccMetric')]
test_evaluator = val_evaluator

# Kinetics-skeleton (OpenPose 18 joints with scores, the 2 most confident people), the ST-GCN
# paper's protocol: random 150-frame windows and random moves for training, the whole 300
# frames for testing. Convert with tools/data/kinetics_gendata.py.
ann_file = 'data/kinetics-skeleton/kinetics-skeleton.pkl'
feats = ['j']
train_pipeline = [
    dict(type='RandomChooseFrames', size=150),
    dict(type='RandomMove'),
    dict(type='GenSkeFeat', dataset='openpose', feats=feats),
    dict(type='PoseDecode'),
    dict(type='FormatGCNInput', num_person=2),
    dict(type='PackActionInputs'),
]
val_pipeline = [
    dict(type='GenSkeFeat', dataset='openpose', feats=feats),
    dict(type='PadTo', length=300, mode='zero'),
    dict(type='PoseDecode'),
    dict(type='FormatGCNInput', num_person=2),
    dict(type='PackActionInputs'),
]
test_pipeline = [
    dict(type='GenSkeFeat', dataset='openpose', feats=feats),
    dict(type='PadTo', length=300, mode='zero'),
    dict(type='PoseDecode'),
    dict(type='FormatGCNInput', num_person=2),
    dict(type='PackActionInputs'),
]

train_dataloader = dict(
    batch_size=64,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    collate_fn=dict(type='default_collate'),
    dataset=dict(type='PoseDataset', ann_file=ann_file, split='train',
                 pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=64,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='default_collate'),
    dataset=dict(type='PoseDataset', ann_file=ann_file, split='val',
                 pipeline=val_pipeline, test_mode=True))
test_dataloader = dict(
    batch_size=1,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='default_collate'),
    dataset=dict(type='PoseDataset', ann_file=ann_file, split='val',
                 pipeline=test_pipeline, test_mode=True))

val_evaluator = [dict(type='AccMetric')]
test_evaluator = val_evaluator

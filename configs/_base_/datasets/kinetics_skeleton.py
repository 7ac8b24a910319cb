# Kinetics-skeleton (OpenPose 18 joints with scores, the 2 most confident people), the original
# ST-GCN feeder's protocol (yysijie/st-gcn feeder/feeder_kinetics.py): coordinates centred on the
# frame (absent joints at the origin), random 150-frame windows and random moves for training,
# the whole 300 frames for testing. Convert with tools/data/kinetics_gendata.py.
# Skeleton layout 'openpose' (GenSkeFeat's dataset, joint stream): a config on this base
# names it in model.backbone.graph_cfg.layout.
_base_ = ['./skeleton_loaders.py']

ann_file = 'data/kinetics-skeleton/kinetics-skeleton.pkl'
train_pipeline = [
    dict(type='CentreFrame'),
    dict(type='RandomChooseFrames', size=150),
    dict(type='RandomMove'),
    dict(type='GenSkeFeat', dataset='openpose', feats=['j']),
    dict(type='PoseDecode'),
    dict(type='FormatGCNInput', num_person=2),
    dict(type='PackActionInputs'),
]
val_pipeline = [
    dict(type='CentreFrame'),
    dict(type='GenSkeFeat', dataset='openpose', feats=['j']),
    dict(type='PadTo', length=300, mode='zero'),
    dict(type='PoseDecode'),
    dict(type='FormatGCNInput', num_person=2),
    dict(type='PackActionInputs'),
]
test_pipeline = val_pipeline

train_dataloader = dict(
    batch_size=64, dataset=dict(ann_file=ann_file, split='train', pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=64, dataset=dict(ann_file=ann_file, split='val', pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(ann_file=ann_file, split='val', pipeline=test_pipeline))

# NTU RGB+D 3D skeletons, PYSKL practice: pre-normalised, 100 uniformly sampled frames, no other
# augmentation (PYSKL's ST-GCN, ST-GCN++ and AAGCN configs rotate nothing), test on 10 clips.
# NTU60 cross-subject by default; leaves set ann_file and split for the others.
# Convert with tools/data/ntu_gendata.py.
# Skeleton layout 'nturgb+d' (GenSkeFeat's dataset, joint stream): a config on this base
# names it in model.backbone.graph_cfg.layout.
_base_ = ['./skeleton_loaders.py']

ann_file = 'data/nturgb+d/ntu60_3danno.pkl'
train_pipeline = [
    dict(type='PreNormalize3D'),
    dict(type='GenSkeFeat', dataset='nturgb+d', feats=['j']),
    dict(type='UniformSampleFrames', clip_len=100),
    dict(type='PoseDecode'),
    dict(type='FormatGCNInput', num_person=2),
    dict(type='PackActionInputs'),
]
val_pipeline = [
    dict(type='PreNormalize3D'),
    dict(type='GenSkeFeat', dataset='nturgb+d', feats=['j']),
    dict(type='UniformSampleFrames', clip_len=100, num_clips=1, test_mode=True),
    dict(type='PoseDecode'),
    dict(type='FormatGCNInput', num_person=2),
    dict(type='PackActionInputs'),
]
# the val pipeline with UniformSampleFrames(num_clips=10)
test_pipeline = [dict(t, num_clips=10) if t['type'] == 'UniformSampleFrames' else t
                 for t in val_pipeline]

train_dataloader = dict(
    dataset=dict(
        type='RepeatDataset',
        times=5,
        dataset=dict(type='PoseDataset', ann_file=ann_file, split='xsub_train',
                     pipeline=train_pipeline)))
val_dataloader = dict(dataset=dict(ann_file=ann_file, split='xsub_val', pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(ann_file=ann_file, split='xsub_val', pipeline=test_pipeline))

# BABEL-60 as mmaction2 0.x reads it (tools/data/skeleton/babel2mma2.py: BABEL's NTU-format
# clips, 25 joints of the original NTU tree, one person, 150 frames each; train and val in
# separate pickles): no normalisation, no augmentation, the training set repeated 5 times an
# epoch, top-1 and mean class accuracy reported. BABEL-120 leaves set the ann_files.
# Skeleton layout 'ntu-rgb+d' (GenSkeFeat's dataset, joint stream): a config on this base
# names it in model.backbone.graph_cfg.layout.
_base_ = ['./skeleton_loaders.py']

train_ann_file = 'data/babel/babel60_train.pkl'
val_ann_file = 'data/babel/babel60_val.pkl'
train_pipeline = [
    dict(type='GenSkeFeat', dataset='ntu-rgb+d', feats=['j']),
    dict(type='PoseDecode'),
    dict(type='FormatGCNInput', num_person=1),
    dict(type='PackActionInputs'),
]
val_pipeline = test_pipeline = train_pipeline  # no augmentation: one pipeline for all three

train_dataloader = dict(
    dataset=dict(
        type='RepeatDataset',
        times=5,
        dataset=dict(type='PoseDataset', ann_file=train_ann_file, pipeline=train_pipeline)))
val_dataloader = dict(dataset=dict(ann_file=val_ann_file, pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(ann_file=val_ann_file, pipeline=test_pipeline))

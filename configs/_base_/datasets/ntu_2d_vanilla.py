# NTU RGB+D 2D HRNet keypoints (COCO-17), PYSKL's vanilla ST-GCN practice
# (configs/stgcn/stgcn_vanilla_*_hrnet): every sequence zero-padded to 300 frames, no
# augmentation, the training set repeated 5 times an epoch. NTU60 cross-subject by default.
# Skeleton layout 'coco' (GenSkeFeat's dataset, joint stream): a config on this base
# names it in model.backbone.graph_cfg.layout.
_base_ = ['./skeleton_loaders.py']

ann_file = 'data/nturgb+d/ntu60_hrnet.pkl'
train_pipeline = [
    dict(type='PreNormalize2D'),
    dict(type='GenSkeFeat', dataset='coco', feats=['j']),
    dict(type='PadTo', length=300, mode='zero'),
    dict(type='PoseDecode'),
    dict(type='FormatGCNInput', num_person=2),
    dict(type='PackActionInputs'),
]
val_pipeline = test_pipeline = train_pipeline  # no augmentation: one pipeline for all three

train_dataloader = dict(
    dataset=dict(
        type='RepeatDataset',
        times=5,
        dataset=dict(type='PoseDataset', ann_file=ann_file, split='xsub_train',
                     pipeline=train_pipeline)))
val_dataloader = dict(dataset=dict(ann_file=ann_file, split='xsub_val', pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(ann_file=ann_file, split='xsub_val', pipeline=test_pipeline))

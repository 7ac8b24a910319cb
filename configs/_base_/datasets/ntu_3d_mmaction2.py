# NTU RGB+D 3D skeletons as mmaction2 0.x feeds ST-GCN and 2s-AGCN: centred and aligned (its
# tools/data/skeleton/gen_ntu_rgbd_raw.py applies 2s-AGCN's pre_normalization when converting;
# PreNormalize3D is the same transform), every sequence looped to 300 frames (PaddingWithLoop),
# no augmentation, the original NTU skeleton tree. NTU60 cross-subject by default.
# Skeleton layout 'ntu-rgb+d' (GenSkeFeat's dataset, joint stream): a config on this base
# names it in model.backbone.graph_cfg.layout.
_base_ = ['./skeleton_loaders.py']

ann_file = 'data/nturgb+d/ntu60_3danno.pkl'
train_pipeline = [
    dict(type='PreNormalize3D'),
    dict(type='GenSkeFeat', dataset='ntu-rgb+d', feats=['j']),
    dict(type='PadTo', length=300, mode='loop'),
    dict(type='PoseDecode'),
    dict(type='FormatGCNInput', num_person=2),
    dict(type='PackActionInputs'),
]
val_pipeline = test_pipeline = train_pipeline  # no augmentation: one pipeline for all three

train_dataloader = dict(
    dataset=dict(ann_file=ann_file, split='xsub_train', pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(ann_file=ann_file, split='xsub_val', pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(ann_file=ann_file, split='xsub_val', pipeline=test_pipeline))

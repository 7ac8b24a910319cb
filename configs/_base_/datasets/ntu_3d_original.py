# NTU RGB+D 3D skeletons as the original ST-GCN repository reads them (yysijie/st-gcn
# config/st_gcn/ntu-xsub/train.yaml): raw camera coordinates, every sequence zero-padded to 300
# frames, no augmentation. NTU60 cross-subject by default.
# Skeleton layout 'ntu-rgb+d' (GenSkeFeat's dataset, joint stream): a config on this base
# names it in model.backbone.graph_cfg.layout.
_base_ = ['./skeleton_loaders.py']

ann_file = 'data/nturgb+d/ntu60_3danno.pkl'
train_pipeline = [
    dict(type='GenSkeFeat', dataset='ntu-rgb+d', feats=['j']),
    dict(type='PadTo', length=300, mode='zero'),
    dict(type='PoseDecode'),
    dict(type='FormatGCNInput', num_person=2),
    dict(type='PackActionInputs'),
]
val_pipeline = test_pipeline = train_pipeline  # no augmentation: one pipeline for all three

train_dataloader = dict(
    dataset=dict(ann_file=ann_file, split='xsub_train', pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(ann_file=ann_file, split='xsub_val', pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(ann_file=ann_file, split='xsub_val', pipeline=test_pipeline))

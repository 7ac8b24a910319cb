# NTU RGB+D 2D HRNet keypoints (COCO-17) as mmaction2 0.x feeds ST-GCN
# (stgcn_80e_ntu60_xsub_keypoint.py): every sequence looped to 300 frames (PaddingWithLoop), no
# augmentation. mmaction2 scales coordinates with PoseNormalize; PreNormalize2D scales them by
# another constant per channel, which the backbone's input BatchNorm (data_bn) absorbs.
# NTU60 cross-subject by default.
# Skeleton layout 'coco' (GenSkeFeat's dataset, joint stream): a config on this base
# names it in model.backbone.graph_cfg.layout.
_base_ = ['./skeleton_loaders.py']

ann_file = 'data/nturgb+d/ntu60_hrnet.pkl'
train_pipeline = [
    dict(type='PreNormalize2D'),
    dict(type='GenSkeFeat', dataset='coco', feats=['j']),
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

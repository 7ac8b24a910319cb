# NW-UCLA cross-view (train: views 1+2, 1,020 sequences; test: view 3, 464), 20 joints, one
# person, 10 classes. Convert with:
#   python tools/data/nwucla_gendata.py --data-path data/nw-ucla --out data/nw-ucla/nw-ucla.pkl
# Clips of 52 frames as CTR-GCN samples them; the test averages 10 clips' probabilities.
_base_ = ['./skeleton_loaders.py']

ann_file = 'data/nw-ucla/nw-ucla.pkl'
label_map = 'tools/data/label_map/nw_ucla.txt'  # class names, one per line, in label order
feats = ['j']
clip_len = 52

train_pipeline = [
    dict(type='PreNormalize3D'),  # NW-UCLA joints 0/1 (hip/spine) and 8/4 (shoulders) as NTU's
    dict(type='RandomScale', scale=0.1),
    dict(type='RandomRot', theta=0.3),
    dict(type='GenSkeFeat', dataset='nw-ucla', feats=feats),
    dict(type='UniformSampleFrames', clip_len=clip_len),
    dict(type='PoseDecode'),
    dict(type='FormatGCNInput', num_person=1),
    dict(type='PackActionInputs')
]
val_pipeline = [
    dict(type='PreNormalize3D'),
    dict(type='GenSkeFeat', dataset='nw-ucla', feats=feats),
    dict(type='UniformSampleFrames', clip_len=clip_len, num_clips=1, test_mode=True),
    dict(type='PoseDecode'),
    dict(type='FormatGCNInput', num_person=1),
    dict(type='PackActionInputs')
]
# the val pipeline with UniformSampleFrames(num_clips=10)
test_pipeline = [dict(t, num_clips=10) if t['type'] == 'UniformSampleFrames' else t
                 for t in val_pipeline]

train_dataloader = dict(
    num_workers=2,
    dataset=dict(ann_file=ann_file, split='train', num_node='nw-ucla', pipeline=train_pipeline))
val_dataloader = dict(
    num_workers=2,
    dataset=dict(ann_file=ann_file, split='val', num_node='nw-ucla', pipeline=val_pipeline))
test_dataloader = dict(
    batch_size=4,
    num_workers=2,
    dataset=dict(ann_file=ann_file, split='val', num_node='nw-ucla', pipeline=test_pipeline))

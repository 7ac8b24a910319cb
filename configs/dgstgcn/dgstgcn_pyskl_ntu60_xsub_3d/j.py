"""DG-STGCN, PYSKL practice, NTU RGB+D 60 cross-subject, 3D skeletons, joint stream.

PYSKL's DG-STGCN recipe, unlike its other NTU 3D ones: no spine alignment, a random rotation of
up to 0.2 rad about each axis, sampling and decoding in one step (UniformSampleDecode), no
repeated training set and 150 epochs (batch 8 x 16: the model zoo table's 8 GPUs)."""
_base_ = ['../../_base_/models/dgstgcn.py',
          '../../_base_/datasets/skeleton_loaders.py',
          '../../_base_/schedules/sgd_cosine_16e.py',
          '../../_base_/default_runtime.py']

ann_file = 'data/nturgb+d/ntu60_3danno.pkl'
train_pipeline = [
    dict(type='PreNormalize3D', align_spine=False),
    dict(type='RandomRot', theta=0.2),
    dict(type='GenSkeFeat', dataset='nturgb+d', feats=['j']),
    dict(type='UniformSampleDecode', clip_len=100),
    dict(type='FormatGCNInput', num_person=2),
    dict(type='PackActionInputs'),
]
val_pipeline = [
    dict(type='PreNormalize3D', align_spine=False),
    dict(type='GenSkeFeat', dataset='nturgb+d', feats=['j']),
    dict(type='UniformSampleDecode', clip_len=100, num_clips=1, test_mode=True),
    dict(type='FormatGCNInput', num_person=2),
    dict(type='PackActionInputs'),
]
# the val pipeline with UniformSampleDecode(num_clips=10)
test_pipeline = [dict(t, num_clips=10) if t['type'] == 'UniformSampleDecode' else t
                 for t in val_pipeline]

train_dataloader = dict(dataset=dict(ann_file=ann_file, split='xsub_train',
                                     pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(ann_file=ann_file, split='xsub_val', pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(ann_file=ann_file, split='xsub_val', pipeline=test_pipeline))
model = dict(backbone=dict(graph_cfg=dict(layout='nturgb+d')))
train_cfg = dict(max_epochs=150)

"""ST-GCN on Kinetics-skeleton as its paper states it (Yan et al., AAAI 2018, arXiv:1801.07455).

Network (section 3.6): nine ST-GCN units, 64, 64, 64, 128, 128, 128, 256, 256, 256 channels,
temporal kernel 9, temporal stride 2 at the 4th and the 7th unit, a residual on every unit; the
spatial configuration partition around the skeleton's gravity centre (3.4), learnable edge
importance (3.5), each partition normalised Lambda_j^-1/2 A_j Lambda_j^-1/2 (alpha 0.001); the
input through a batch normalisation. Training on Kinetics (3.6): no dropout, replaced by random
affine moves of the sequence and random fragments of it; SGD, lr 0.01 x0.1 every 10 epochs.
Data (4.1): every clip padded to T = 300 frames by replaying it from the start, the two most
confident people; all frames at test time.

The paper does not state the fragment length, epochs, batch, momentum, weight decay, nesterov or
the coordinate normalisation: those are the released repository's
(config/st_gcn/kinetics-skeleton/train.yaml), as in ../stgcn_kinetics_skeleton/j.py, which is
the repository's own recipe (ten units, centre joint, zero padding)."""
_base_ = ['../../_base_/models/stgcn_vanilla.py', '../../_base_/datasets/kinetics_skeleton.py',
          '../../_base_/schedules/sgd_step_50e.py', '../../_base_/default_runtime.py']

model = dict(
    backbone=dict(
        graph_cfg=dict(layout='openpose', mode='stgcn_spatial', center='gravity', norm='paper'),
        num_stages=9, inflate_stages=(4, 7), down_stages=(4, 7), first_residual=True,
        tcn_dropout=0.),
    cls_head=dict(num_classes=400))

train_pipeline = [
    dict(type='CentreFrame'),
    dict(type='PadTo', length=300, mode='loop'),
    dict(type='RandomChooseFrames', size=150),
    dict(type='RandomMove'),
    dict(type='GenSkeFeat', dataset='openpose', feats=['j']),
    dict(type='PoseDecode'),
    dict(type='FormatGCNInput', num_person=2),
    dict(type='PackActionInputs'),
]
val_pipeline = [
    dict(type='CentreFrame'),
    dict(type='PadTo', length=300, mode='loop'),
    dict(type='GenSkeFeat', dataset='openpose', feats=['j']),
    dict(type='PoseDecode'),
    dict(type='FormatGCNInput', num_person=2),
    dict(type='PackActionInputs'),
]
test_pipeline = val_pipeline
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))

optim_wrapper = dict(optimizer=dict(lr=0.01))
param_scheduler = [
    dict(type='MultiStepLR', milestones=[10, 20, 30, 40], gamma=0.1, by_epoch=True)
]
auto_scale_lr = dict(base_batch_size=256)

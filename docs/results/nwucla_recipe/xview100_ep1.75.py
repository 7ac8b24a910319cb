ann_file = '<tmp>/xview100/../../../main/data/nw-ucla/nw-ucla.pkl'
auto_scale_lr = dict(base_batch_size=16, enable=False)
config_dir = '<tmp>/xview100'
default_hooks = dict(
    checkpoint=dict(interval=1, max_keep_ckpts=3, type='CheckpointHook'),
    logger=dict(ignore_last=False, interval=20, type='LoggerHook'),
    param_scheduler=dict(type='ParamSchedulerHook'),
    runtime_info=dict(type='RuntimeInfoHook'),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    sync_buffers=dict(type='SyncBuffersHook'),
    timer=dict(type='IterTimerHook'))
default_scope = 'stgcn_kit'
env_cfg = dict(
    cudnn_benchmark=False,
    dist_cfg=dict(backend='nccl'),
    keep_freed_memory=True,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0))
load_from = None
log_level = 'INFO'
log_processor = dict(
    by_epoch=True,
    custom_cfg=[
        dict(data_src='top1_acc', method_name='mean', window_size='epoch'),
    ],
    type='LogProcessor',
    window_size=20)
max_epochs = 30
model = dict(
    backbone=dict(
        graph_cfg=dict(layout='nw-ucla', mode='stgcn_spatial'),
        in_channels=3,
        num_person=1,
        type='STGCN'),
    cls_head=dict(in_channels=256, num_classes=10, type='GCNHead'),
    type='RecognizerGCN')
optim_wrapper = dict(
    optimizer=dict(
        lr=0.05, momentum=0.9, nesterov=True, type='SGD', weight_decay=0.0005))
param_scheduler = [
    dict(
        begin=0,
        by_epoch=True,
        convert_to_iter_based=True,
        end=3.5,
        start_factor=0.1,
        type='LinearLR'),
    dict(
        begin=0,
        by_epoch=True,
        convert_to_iter_based=True,
        eta_min=0,
        type='CosineAnnealingLR'),
]
randomness = dict(deterministic=False, seed=None)
resume = False
runner_type = 'PortableRunner'
test_cfg = dict(type='TestLoop')
test_dataloader = dict(
    batch_size=4,
    collate_fn=dict(type='default_collate'),
    dataset=dict(
        ann_file=
        '<tmp>/xview100/../../../main/data/nw-ucla/nw-ucla.pkl',
        num_node='nw-ucla',
        pipeline=[
            dict(layout='nw-ucla', type='PreNormalize3D'),
            dict(dataset='nw-ucla', feats=[
                'j',
            ], type='GenSkeFeat'),
            dict(
                clip_len=36,
                num_clips=10,
                test_mode=True,
                type='UniformSampleFrames'),
            dict(type='PoseDecode'),
            dict(num_person=1, type='FormatGCNInput'),
            dict(type='PackActionInputs'),
        ],
        split='val',
        test_mode=True,
        type='PoseDataset'),
    num_workers=2,
    persistent_workers=True,
    sampler=dict(shuffle=False, type='DefaultSampler'))
test_evaluator = [
    dict(type='AccMetric'),
]
train_cfg = dict(
    max_epochs=35, type='EpochBasedTrainLoop', val_begin=1, val_interval=7)
train_dataloader = dict(
    batch_size=16,
    collate_fn=dict(type='default_collate'),
    dataset=dict(
        ann_file=
        '<tmp>/xview100/../../../main/data/nw-ucla/nw-ucla.pkl',
        num_node='nw-ucla',
        pipeline=[
            dict(layout='nw-ucla', type='PreNormalize3D'),
            dict(scale=0.1, type='RandomScale'),
            dict(theta=0.3, type='RandomRot'),
            dict(dataset='nw-ucla', feats=[
                'j',
            ], type='GenSkeFeat'),
            dict(
                clip_len=36,
                num_clips=1,
                test_mode=False,
                type='UniformSampleFrames'),
            dict(type='PoseDecode'),
            dict(num_person=1, type='FormatGCNInput'),
            dict(type='PackActionInputs'),
        ],
        split='train',
        test_mode=False,
        type='PoseDataset'),
    num_workers=2,
    persistent_workers=True,
    sampler=dict(shuffle=True, type='DefaultSampler'))
val_cfg = dict(type='ValLoop')
val_dataloader = dict(
    batch_size=16,
    collate_fn=dict(type='default_collate'),
    dataset=dict(
        ann_file=
        '<tmp>/xview100/../../../main/data/nw-ucla/nw-ucla.pkl',
        num_node='nw-ucla',
        pipeline=[
            dict(layout='nw-ucla', type='PreNormalize3D'),
            dict(dataset='nw-ucla', feats=[
                'j',
            ], type='GenSkeFeat'),
            dict(
                clip_len=36,
                num_clips=1,
                test_mode=True,
                type='UniformSampleFrames'),
            dict(type='PoseDecode'),
            dict(num_person=1, type='FormatGCNInput'),
            dict(type='PackActionInputs'),
        ],
        split='val',
        test_mode=True,
        type='PoseDataset'),
    num_workers=2,
    persistent_workers=True,
    sampler=dict(shuffle=False, type='DefaultSampler'))
val_evaluator = [
    dict(type='AccMetric'),
]
visualizer = dict(
    type='Visualizer', vis_backends=[
        dict(type='LocalVisBackend'),
    ])
warmup_epochs = 3.0

# ST-GCN joint stream for 'nw-ucla.pkl' (beside this file unless the path
# says otherwise), written by tools/data/make_config.py (or custom_gendata.py);
# edit freely.
# The data: 1020 training and 464 validation samples, 10 classes,
# 3D keypoints, layout 'nw-ucla', up to 1 person(s); training lengths p25/p50/p75/p95
# 23/34/51/109 frames -> clips of 52 frames. Small-data schedule for 1020 samples:
# 35 epochs, warm-up 3.5 epochs, batch 16 (docs/custom_dataset.md, docs/results.md).
# Other streams: feats=['b'], ['jm'] or ['bm'] in the three GenSkeFeat steps.
# config_dir is the folder of this file, filled in by mmengine when it reads the
# file: the data is named relative to it, so the folder can move with the data.
config_dir = r'''{{ fileDirname }}'''
ann_file = config_dir + '/nw-ucla.pkl'
model = dict(
    type='RecognizerGCN',
    backbone=dict(
        type='STGCN',
        graph_cfg=dict(mode='stgcn_spatial', layout='nw-ucla'),
        num_person=1,
        in_channels=3),
    cls_head=dict(type='GCNHead', num_classes=10, in_channels=256))
max_epochs = 35
warmup_epochs = 3.5
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=35, val_begin=1, val_interval=7)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.05, momentum=0.9, weight_decay=0.0005, nesterov=True))
param_scheduler = [
    dict(
        type='LinearLR',
        start_factor=0.1,
        by_epoch=True,
        begin=0,
        end=3.5,
        convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', eta_min=0, by_epoch=True, begin=0, convert_to_iter_based=True)]
auto_scale_lr = dict(enable=False, base_batch_size=16)
default_scope = 'stgcn_kit'
runner_type = 'PortableRunner'
default_hooks = dict(
    runtime_info=dict(type='RuntimeInfoHook'),
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=20, ignore_last=False),
    param_scheduler=dict(type='ParamSchedulerHook'),
    checkpoint=dict(type='CheckpointHook', interval=1, max_keep_ckpts=3),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    sync_buffers=dict(type='SyncBuffersHook'))
env_cfg = dict(
    keep_freed_memory=True,
    cudnn_benchmark=False,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    dist_cfg=dict(backend='nccl'))
log_processor = dict(
    type='LogProcessor',
    window_size=20,
    by_epoch=True,
    custom_cfg=[dict(data_src='top1_acc', method_name='mean', window_size='epoch')])
visualizer = dict(type='Visualizer', vis_backends=[dict(type='LocalVisBackend')])
log_level = 'INFO'
load_from = None
resume = False
randomness = dict(seed=None, deterministic=False)
train_dataloader = dict(
    batch_size=16,
    num_workers=2,
    persistent_workers=True,
    collate_fn=dict(type='default_collate'),
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='PoseDataset',
        ann_file=ann_file,
        split='train',
        num_node='nw-ucla',
        test_mode=False,
        pipeline=[
            dict(type='PreNormalize3D', layout='nw-ucla'),
            dict(type='RandomScale', scale=0.1),
            dict(type='RandomRot', theta=0.3),
            dict(type='GenSkeFeat', dataset='nw-ucla', feats=['bm']),
            dict(type='UniformSampleFrames', clip_len=52, num_clips=1, test_mode=False),
            dict(type='PoseDecode'),
            dict(type='FormatGCNInput', num_person=1),
            dict(type='PackActionInputs')]))
val_dataloader = dict(
    batch_size=16,
    num_workers=2,
    persistent_workers=True,
    collate_fn=dict(type='default_collate'),
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='PoseDataset',
        ann_file=ann_file,
        split='val',
        num_node='nw-ucla',
        test_mode=True,
        pipeline=[
            dict(type='PreNormalize3D', layout='nw-ucla'),
            dict(type='GenSkeFeat', dataset='nw-ucla', feats=['bm']),
            dict(type='UniformSampleFrames', clip_len=52, num_clips=1, test_mode=True),
            dict(type='PoseDecode'),
            dict(type='FormatGCNInput', num_person=1),
            dict(type='PackActionInputs')]))
test_dataloader = dict(
    batch_size=4,
    num_workers=2,
    persistent_workers=True,
    collate_fn=dict(type='default_collate'),
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='PoseDataset',
        ann_file=ann_file,
        split='val',
        num_node='nw-ucla',
        test_mode=True,
        pipeline=[
            dict(type='PreNormalize3D', layout='nw-ucla'),
            dict(type='GenSkeFeat', dataset='nw-ucla', feats=['bm']),
            dict(type='UniformSampleFrames', clip_len=52, num_clips=10, test_mode=True),
            dict(type='PoseDecode'),
            dict(type='FormatGCNInput', num_person=1),
            dict(type='PackActionInputs')]))
val_evaluator = [dict(type='AccMetric')]
test_evaluator = [dict(type='AccMetric')]

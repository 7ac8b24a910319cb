# Runtime shared by every config: PortableRunner (CPU/GPU, torch >= 2.6, atomic checkpoints),
# a checkpoint per epoch (the last 3 kept), a log line every 20 iterations.
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
    # CPU runs keep the memory they free instead of paging it in afresh every step
    # (stgcn_kit.engine.apply_process_switches)
    keep_freed_memory=True,
    cudnn_benchmark=False,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    dist_cfg=dict(backend='nccl'))  # PortableRunner uses gloo where there is no CUDA

# top1_acc in training lines is the mean over the epoch so far, not the last batch's
log_processor = dict(type='LogProcessor', window_size=20, by_epoch=True,
                     custom_cfg=[dict(data_src='top1_acc', method_name='mean',
                                      window_size='epoch')])
# TensorBoard event files as well (pip install tensorboard): in a config, the one line
# visualizer = dict(vis_backends=[dict(type='LocalVisBackend'), dict(type='TensorboardVisBackend')])
visualizer = dict(type='Visualizer', vis_backends=[dict(type='LocalVisBackend')])
log_level = 'INFO'
load_from = None
resume = False
randomness = dict(seed=None, deterministic=False)

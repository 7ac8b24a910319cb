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

log_processor = dict(type='LogProcessor', window_size=20, by_epoch=True)
log_level = 'INFO'
load_from = None
resume = False
randomness = dict(seed=None, deterministic=False)

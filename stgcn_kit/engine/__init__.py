"""The adaptations mmengine needs here: safe checkpoint loading, CPU process groups, CPU DDP,
atomic checkpoints that replace older ones only once complete, one training run per work dir,
bfloat16 autocast on the CPU. Configs select them with ``runner_type='PortableRunner'``."""
from .build import build_runner, default_work_dir, run_job
from .checkpoint_compat import load_checkpoint_file
from .checkpoint_hook import SafeCheckpointHook
from .cpu_amp import CPUBF16OptimWrapper
from .process import apply_process_switches, release_process_group
from .runner import PortableRunner, latest_complete_checkpoint

__all__ = ['CPUBF16OptimWrapper', 'PortableRunner', 'SafeCheckpointHook',
           'apply_process_switches', 'build_runner', 'default_work_dir',
           'latest_complete_checkpoint', 'load_checkpoint_file', 'release_process_group',
           'run_job']

"""The adaptations mmengine needs here: safe checkpoint loading, CPU process groups,
CPU DDP, atomic checkpoints. Configs select them with ``runner_type='PortableRunner'``."""
from .build import build_runner, default_work_dir, innermost_dataset_cfg, run_job
from .checkpoint_compat import load_checkpoint_file
from .runner import PortableRunner, latest_complete_checkpoint

__all__ = ['PortableRunner', 'build_runner', 'default_work_dir', 'innermost_dataset_cfg',
           'latest_complete_checkpoint', 'load_checkpoint_file', 'run_job']

"""The adaptations mmengine needs here: checkpoint loading on new torch, CPU process groups,
CPU DDP, atomic checkpoints. Configs select them with ``runner_type='PortableRunner'``."""
from .build import build_runner, default_work_dir, innermost_dataset_cfg, run_job
from .checkpoint_compat import allow_mmengine_checkpoints
from .runner import PortableRunner, latest_complete_checkpoint

__all__ = ['PortableRunner', 'allow_mmengine_checkpoints', 'build_runner', 'default_work_dir',
           'innermost_dataset_cfg', 'latest_complete_checkpoint', 'run_job']

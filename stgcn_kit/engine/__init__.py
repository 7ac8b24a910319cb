"""The adaptations mmengine needs here: checkpoint loading on new torch, CPU process groups,
CPU DDP, atomic checkpoints. Configs select them with ``runner_type='PortableRunner'``."""
from .build import build_runner, default_work_dir, run_job
from .checkpoint_compat import allow_mmengine_checkpoints
from .process import apply_process_switches, release_process_group
from .runner import PortableRunner, latest_complete_checkpoint

__all__ = ['PortableRunner', 'allow_mmengine_checkpoints', 'apply_process_switches',
           'build_runner', 'default_work_dir', 'latest_complete_checkpoint',
           'release_process_group', 'run_job']

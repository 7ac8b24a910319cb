"""What a job does to its process beyond the runner: the switches a config's ``env_cfg``
asks for, and releasing what a launched run holds before the interpreter exits."""
import gc

import torch
import torch.distributed as torch_dist

from stgcn_kit.utils.malloc import keep_freed_memory


def apply_process_switches(env_cfg: dict) -> None:
    """Apply the process-wide settings of ``env_cfg`` (mmengine's runner reads the rest).

    ``keep_freed_memory=True``: where no CUDA device runs the model, the process keeps the
    memory it frees (:func:`~stgcn_kit.utils.malloc.keep_freed_memory`), so CPU training steps
    stop paying page faults for every fresh activation. Resident memory then stays near its
    peak. Off when absent, as in PYSKL's and mmaction2's configs.
    """
    if env_cfg.get('keep_freed_memory', False) and not torch.cuda.is_available():
        keep_freed_memory()


def release_process_group() -> None:
    """Destroy the process group of a launched run and collect what held it.

    A launched run's gloo worker threads must stop while the interpreter is alive: threads that
    outlive it abort the process at exit (SIGABRT, "terminate called without an active
    exception"), failing a run that finished its work. ``destroy_process_group`` alone does not
    stop them while the runner's DDP wrapper still holds the group, and mmengine's runner sits in
    reference cycles: call this after dropping the last reference to the runner.
    """
    if torch_dist.is_available() and torch_dist.is_initialized():
        torch_dist.destroy_process_group()
    gc.collect()

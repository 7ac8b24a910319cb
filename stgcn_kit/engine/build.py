"""Turning a config into a runner: the steps every entry point shares."""
import gc
import os.path as osp
from typing import Callable, Optional, TypeVar

import torch
import torch.distributed as torch_dist
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.runner import Runner

from stgcn_kit.registry import RUNNERS
from stgcn_kit.utils.config import apply_layout_and_feats
from stgcn_kit.utils.malloc import keep_freed_memory

T = TypeVar('T')


def default_work_dir(config_file: str) -> str:
    """``work_dirs/<folder>/<name>``: leaves are often named by stream only (``j.py``), so the
    folder keeps ``stgcn_nwucla/j`` apart from ``aagcn_nwucla/j``."""
    stem = osp.splitext(osp.basename(config_file))[0]
    return osp.join('work_dirs', osp.basename(osp.dirname(osp.abspath(config_file))), stem)


def innermost_dataset_cfg(dataset: dict) -> dict:
    """The dataset config that holds the pipeline, inside wrappers such as ``RepeatDataset``."""
    while 'pipeline' not in dataset:
        dataset = dataset['dataset']
    return dataset


def build_runner(cfg: Config, work_dir: Optional[str] = None,
                 launcher: str = 'none') -> Runner:
    """Build the config's runner (``PortableRunner`` unless the config names another).

    ``work_dir`` beats ``cfg.work_dir``, which beats :func:`default_work_dir`.
    """
    if work_dir is not None:
        cfg.work_dir = work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = default_work_dir(cfg.filename or 'config.py')
    cfg.launcher = launcher
    apply_layout_and_feats(cfg)  # a Config loaded without read_config
    cfg.setdefault('default_scope', 'stgcn_kit')
    cfg.setdefault('runner_type', 'PortableRunner')
    # registries resolve names in the current default scope, which an earlier runner in the
    # same process (another scope) may have left behind
    init_default_scope(cfg.default_scope)
    return RUNNERS.build(cfg)


def run_job(cfg: Config, job: Callable[[Runner], T], work_dir: Optional[str] = None,
            launcher: str = 'none') -> T:
    """Build the config's runner, return ``job(runner)``, then release the process group.

    A launched run's gloo worker threads must stop while the interpreter is alive: threads that
    outlive it abort the process at exit (SIGABRT, "terminate called without an active
    exception"), failing a run that finished its work. ``destroy_process_group`` alone does not
    stop them while the runner's DDP wrapper still holds the group, and mmengine's runner sits in
    reference cycles, so the runner is dropped and collected here before returning.

    Without CUDA the process keeps the memory it frees (:func:`~stgcn_kit.utils.malloc.
    keep_freed_memory`): CPU training steps then stop paying page faults for every activation.
    """
    if not torch.cuda.is_available():
        keep_freed_memory()
    runner = build_runner(cfg, work_dir, launcher)
    try:
        return job(runner)
    finally:
        del runner
        if torch_dist.is_available() and torch_dist.is_initialized():
            torch_dist.destroy_process_group()
        gc.collect()

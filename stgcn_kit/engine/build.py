"""Turning a config into a runner: the steps every entry point shares."""
import os.path as osp
from contextlib import contextmanager
from typing import Iterator, Optional

import torch.distributed as torch_dist
from mmengine.config import Config
from mmengine.registry import init_default_scope

from stgcn_kit.registry import RUNNERS


def default_work_dir(config_file: str) -> str:
    """``work_dirs/<folder>/<name>``: leaves are often named by stream only (``j.py``), so the
    folder keeps ``stgcn_nwucla/j`` apart from ``aagcn_nwucla/j``."""
    stem = osp.splitext(osp.basename(config_file))[0]
    return osp.join('work_dirs', osp.basename(osp.dirname(osp.abspath(config_file))), stem)


def build_runner(cfg: Config, work_dir: Optional[str] = None, launcher: str = 'none'):
    """Build the config's runner (``PortableRunner`` unless the config names another).

    ``work_dir`` beats ``cfg.work_dir``, which beats :func:`default_work_dir`.
    """
    if work_dir is not None:
        cfg.work_dir = work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = default_work_dir(cfg.filename or 'config.py')
    cfg.launcher = launcher
    cfg.setdefault('default_scope', 'stgcn_kit')
    cfg.setdefault('runner_type', 'PortableRunner')
    # registries resolve names in the current default scope, which an earlier runner in the
    # same process (another scope) may have left behind
    init_default_scope(cfg.default_scope)
    return RUNNERS.build(cfg)


@contextmanager
def releasing_process_group() -> Iterator[None]:
    """Destroy the process group of a launched run before the interpreter exits.

    gloo's worker threads outliving their process group abort the process at exit (SIGABRT,
    "terminate called without an active exception"), failing a run that finished its work.
    """
    try:
        yield
    finally:
        if torch_dist.is_available() and torch_dist.is_initialized():
            torch_dist.destroy_process_group()

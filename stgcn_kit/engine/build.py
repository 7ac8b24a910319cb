"""Turning a config into a runner: the steps every entry point shares."""
import os.path as osp
from typing import Callable, Optional, TypeVar

from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.runner import Runner

from stgcn_kit.registry import RUNNERS

from .process import apply_process_switches, release_process_group

T = TypeVar('T')


def default_work_dir(config_file: str) -> str:
    """``work_dirs/<folder>/<name>``: leaves are often named by stream only (``j.py``), so the
    folder keeps ``stgcn_nwucla/j`` apart from ``aagcn_nwucla/j``."""
    stem = osp.splitext(osp.basename(config_file))[0]
    return osp.join('work_dirs', osp.basename(osp.dirname(osp.abspath(config_file))), stem)


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
    cfg.setdefault('default_scope', 'stgcn_kit')
    cfg.setdefault('runner_type', 'PortableRunner')
    # registries resolve names in the current default scope, which an earlier runner in the
    # same process (another scope) may have left behind
    init_default_scope(cfg.default_scope)
    return RUNNERS.build(cfg)


def run_job(cfg: Config, job: Callable[[Runner], T], work_dir: Optional[str] = None,
            launcher: str = 'none') -> T:
    """Apply the config's process switches (:func:`~.process.apply_process_switches`), build
    its runner, return ``job(runner)``, then release the process group
    (:func:`~.process.release_process_group`)."""
    apply_process_switches(cfg.get('env_cfg', {}))
    runner = build_runner(cfg, work_dir, launcher)
    try:
        return job(runner)
    finally:
        del runner
        release_process_group()

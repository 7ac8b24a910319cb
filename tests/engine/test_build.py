import gc
import os

import pytest
import torch.distributed as torch_dist
from mmengine.config import Config

from stgcn_kit.engine import PortableRunner, build_runner, default_work_dir, process, run_job


def test_default_work_dir_keeps_the_config_folder():
    assert default_work_dir('configs/stgcn/stgcn_nwucla/j.py') == 'work_dirs/stgcn_nwucla/j'


@pytest.fixture
def runner_cfg(tmp_path) -> Config:
    # mmengine keeps one logger/visualizer per experiment name: one name per test
    return Config(dict(model=dict(type='RecognizerGCN',
                                  backbone=dict(type='STGCN', graph_cfg=dict(layout='nw-ucla'),
                                                num_person=1),
                                  cls_head=dict(type='GCNHead', num_classes=10, in_channels=256)),
                       experiment_name=f'build_{tmp_path.name}'))


def test_build_runner_defaults_to_portable_runner(runner_cfg, tmp_path):
    runner = build_runner(runner_cfg, work_dir=str(tmp_path))
    assert type(runner) is PortableRunner
    assert runner.work_dir == str(tmp_path) and runner_cfg.launcher == 'none'


def init_gloo(tmp_path) -> None:
    torch_dist.init_process_group('gloo', init_method=f'file://{tmp_path / "store"}', rank=0,
                                  world_size=1)


@pytest.fixture
def cleanup_group():
    """Whatever a test did, no process group outlives it."""
    yield
    if torch_dist.is_initialized():
        torch_dist.destroy_process_group()


def gloo_threads() -> int:
    """Native threads named by gloo (``pt_gloo_runloop``, ``gloo_tcp_loop``)."""
    names = []
    for task in os.listdir('/proc/self/task'):
        try:
            with open(f'/proc/self/task/{task}/comm') as f:
                names.append(f.read())
        except FileNotFoundError:  # a thread that ended meanwhile
            pass
    return sum('gloo' in name for name in names)


@pytest.mark.skipif(not os.path.isdir('/proc/self/task'), reason='reads thread names in /proc')
def test_run_job_stops_the_gloo_threads_a_runner_holds(runner_cfg, tmp_path, cleanup_group):
    gc.collect()  # whatever an earlier test left for the collector
    assert gloo_threads() == 0
    init_gloo(tmp_path)
    assert gloo_threads() > 0

    def job(runner):
        # as a DDP wrapper does, in a reference cycle as mmengine's runner is
        runner.held_group = torch_dist.group.WORLD
        runner.itself = runner
        return 'done'

    assert run_job(runner_cfg, job, work_dir=str(tmp_path)) == 'done'
    assert not torch_dist.is_initialized()
    assert gloo_threads() == 0


def test_run_job_destroys_the_group_when_the_job_fails(runner_cfg, tmp_path, cleanup_group):
    init_gloo(tmp_path)

    def job(runner):
        raise RuntimeError('training failed')

    with pytest.raises(RuntimeError, match='training failed'):
        run_job(runner_cfg, job, work_dir=str(tmp_path))
    assert not torch_dist.is_initialized()


def test_run_job_without_a_group(runner_cfg, tmp_path):
    assert run_job(runner_cfg, lambda runner: runner.work_dir, str(tmp_path)) == str(tmp_path)
    assert not torch_dist.is_initialized()


@pytest.mark.parametrize('env_cfg, applied', [({}, False), (dict(keep_freed_memory=True), True)])
def test_run_job_applies_the_configs_process_switches(runner_cfg, tmp_path, monkeypatch,
                                                       env_cfg, applied):
    calls = []
    monkeypatch.setattr(process, 'keep_freed_memory', lambda: calls.append(1))
    monkeypatch.setattr(process.torch.cuda, 'is_available', lambda: False)
    runner_cfg.env_cfg = env_cfg
    run_job(runner_cfg, lambda runner: None, str(tmp_path))
    assert bool(calls) is applied

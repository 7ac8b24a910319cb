import pytest
import torch.distributed as torch_dist
from mmengine.config import Config

from stgcn_kit.engine import (PortableRunner, build_runner, default_work_dir,
                              releasing_process_group)


def test_default_work_dir_keeps_the_config_folder():
    assert default_work_dir('configs/stgcn/stgcn_nwucla/j.py') == 'work_dirs/stgcn_nwucla/j'


def test_build_runner_defaults_to_portable_runner(tmp_path):
    cfg = Config(dict(model=dict(type='RecognizerGCN',
                                 backbone=dict(type='STGCN', graph_cfg=dict(layout='nw-ucla'),
                                               num_person=1),
                                 cls_head=dict(type='GCNHead', num_classes=10, in_channels=256)),
                      experiment_name='build_test'))
    runner = build_runner(cfg, work_dir=str(tmp_path))
    assert type(runner) is PortableRunner
    assert runner.work_dir == str(tmp_path) and cfg.launcher == 'none'


@pytest.fixture
def gloo_group(tmp_path):
    """A one-process gloo group, destroyed afterwards whatever the test did."""
    torch_dist.init_process_group('gloo', init_method=f'file://{tmp_path / "store"}', rank=0,
                                  world_size=1)
    yield
    if torch_dist.is_initialized():
        torch_dist.destroy_process_group()


def test_releasing_process_group_destroys_the_group(gloo_group):
    with releasing_process_group():
        assert torch_dist.is_initialized()
    assert not torch_dist.is_initialized()


def test_releasing_process_group_destroys_the_group_when_the_run_fails(gloo_group):
    with pytest.raises(RuntimeError, match='training failed'):
        with releasing_process_group():
            raise RuntimeError('training failed')
    assert not torch_dist.is_initialized()


def test_releasing_process_group_without_a_group_is_a_no_op():
    with releasing_process_group():
        pass
    assert not torch_dist.is_initialized()

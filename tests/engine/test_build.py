from mmengine.config import Config

from stgcn_kit.engine import PortableRunner, build_runner, default_work_dir


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

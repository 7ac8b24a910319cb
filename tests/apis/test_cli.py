import argparse

from stgcn_kit.apis.cli import add_config_and_launcher_arguments, load_config


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser()
    p.add_argument('config')
    add_config_and_launcher_arguments(p, 'a.b=1')
    return p


def test_cfg_options_override_the_config_file(tmp_path):
    config = tmp_path / 'c.py'
    config.write_text("train_cfg = dict(max_epochs=30, val_interval=5)\nname = 'x'\n")
    args = parser().parse_args([str(config), '--cfg-options', 'train_cfg.max_epochs=2',
                                'name=y'])
    cfg = load_config(args)
    assert cfg.train_cfg == dict(max_epochs=2, val_interval=5) and cfg.name == 'y'


def test_launcher_defaults_and_torch_distributed_launch_local_rank():
    args = parser().parse_args(['c.py', '--local_rank=1'])
    assert args.launcher == 'none' and args.local_rank == 1 and args.cfg_options == {}
    assert parser().parse_args(['c.py', '--launcher', 'pytorch']).launcher == 'pytorch'


def test_trust_pickle_marks_every_dataset_and_the_runner(tmp_path):
    config = tmp_path / 'c.py'
    config.write_text(
        "train_dataloader = dict(dataset=dict(type='RepeatDataset', dataset=dict(ann_file='a')))\n"
        "val_dataloader = dict(dataset=dict(type='ConcatDataset', datasets=[\n"
        "    dict(ann_file='b'), dict(ann_file='c')]))\n"
        "test_dataloader = dict(dataset=dict(ann_file='d'))\n")
    plain = load_config(parser().parse_args([str(config)]))
    assert 'trust_pickle' not in plain and 'trust_pickle' not in plain.test_dataloader.dataset
    cfg = load_config(parser().parse_args([str(config), '--trust-pickle']))
    assert cfg.trust_pickle is True
    assert cfg.train_dataloader.dataset.dataset.trust_pickle is True
    assert [d.trust_pickle for d in cfg.val_dataloader.dataset.datasets] == [True, True]
    assert cfg.test_dataloader.dataset.trust_pickle is True
    assert 'trust_pickle' not in cfg.train_dataloader.dataset  # the wrapper reads no file

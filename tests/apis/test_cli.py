import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mmengine.config import Config

from stgcn_kit.apis.cli import add_config_and_launcher_arguments, load_config, resolve_config_path
from stgcn_kit.engine.config_check import misspelled_keys
from stgcn_kit.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]


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


def _tool(tmp_path, body):
    """A tool script whose ``main`` (decorated with report_errors) runs ``body``."""
    script = tmp_path / 'tool.py'
    script.write_text('import sys\nfrom stgcn_kit.apis.cli import report_errors\n'
                      'from stgcn_kit.errors import DataError\n\n\n@report_errors\n'
                      f'def main():\n    print(sys.argv[1:])\n    {body}\n\n\nmain()\n')
    return script


def _run(script, *args, **env):
    return subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True,
                          env={**os.environ, 'PYTHONPATH': str(REPO), **env})


def test_project_errors_end_in_one_line_and_exit_1_and_debug_shows_the_traceback(tmp_path):
    script = _tool(tmp_path, "raise DataError('ann.pkl: sample \\'x\\' is\\n bad')")
    result = _run(script, 'a')
    assert result.returncode == 1 and result.stderr == "error: ann.pkl: sample 'x' is bad\n"
    for args, env in ((['a', '--debug'], {}), (['a'], {'STGCN_KIT_DEBUG': '1'})):
        result = _run(script, *args, **env)
        assert result.returncode == 1 and 'Traceback' in result.stderr
        assert "stgcn_kit.errors.DataError: ann.pkl: sample 'x' is" in result.stderr
        assert result.stdout == "['a']\n"  # --debug never reaches the tool's own parser


def test_os_errors_name_the_path_and_other_errors_keep_their_traceback(tmp_path):
    result = _run(_tool(tmp_path, "open('/nonexistent/x.pkl')"))
    assert result.returncode == 1
    assert result.stderr == 'error: /nonexistent/x.pkl: No such file or directory\n'
    result = _run(_tool(tmp_path, "raise RuntimeError('a bug')"))
    assert result.returncode == 1 and 'Traceback' in result.stderr


def test_a_misspelled_top_level_key_is_warned_about_with_the_closest_key(tmp_path,
                                                                        monkeypatch):
    config = tmp_path / 'c.py'
    config.write_text('train_dataloder = dict(batch_size=2)\nann_file = "x.pkl"\n'
                      'val_evaluater = dict(type="AccMetric")\n')
    warnings = []
    monkeypatch.setattr('stgcn_kit.engine.config_check.print_log',
                        lambda msg, **kwargs: warnings.append(msg))
    load_config(parser().parse_args([str(config)]))
    assert warnings == [
        f"{config}: unknown top-level key 'train_dataloder' is ignored; did you mean "
        "'train_dataloader'?",
        f"{config}: unknown top-level key 'val_evaluater' is ignored; did you mean "
        "'val_evaluator'?"]  # ann_file: a config's own variable, close to no runner key


def test_no_config_of_the_repository_has_a_key_mistaken_for_a_misspelling():
    configs = [path for path in (REPO / 'configs').rglob('*.py') if '_base_' not in path.parts]
    assert len(configs) > 20
    for path in configs:
        assert misspelled_keys(Config.fromfile(str(path))) == [], path


def test_a_missing_config_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match='none.py: no such config file'):
        load_config(parser().parse_args([str(tmp_path / 'none.py')]))


def test_a_seed_config_name_loads_ours_after_one_line(capsys, tmp_path):
    # PYSKL's name of a config; loaded through the same path the tools take
    cfg = load_config(parser().parse_args([
        str(tmp_path / 'pyskl' / 'configs' / 'stgcn' / 'stgcn_pyskl_ntu60_xsub_3dkp' / 'b.py')]))
    ours = REPO / 'configs' / 'stgcn' / 'stgcn_pyskl_ntu60_xsub_3d' / 'b.py'
    assert cfg.filename == str(ours)
    assert capsys.readouterr().out == (f'config {tmp_path}/pyskl/configs/stgcn/stgcn_pyskl_ntu60_'
                                       'xsub_3dkp/b.py maps to configs/stgcn/stgcn_pyskl_ntu60_'
                                       'xsub_3d/b.py\n')


def test_an_existing_file_is_read_as_it_is(capsys):
    path = str(REPO / 'configs' / 'posec3d' / 'slowonly_r50_gym' / 'joint.py')  # PYSKL's path too
    assert resolve_config_path(path) == path and capsys.readouterr().out == ''


def test_trust_pickle_marks_every_dataset_and_the_runner(tmp_path):
    config = tmp_path / 'c.py'
    config.write_text(
        "train_dataloader = dict(dataset=dict(type='RepeatDataset', dataset=dict(ann_file='a')))\n"
        "val_dataloader = dict(dataset=dict(type='ConcatDataset', datasets=[\n"
        "    dict(ann_file='b'), dict(ann_file='c')]))\n"
        "test_dataloader = dict(dataset=dict(ann_file='d'))\n"
        "model = dict(backbone=dict(init_cfg=dict(type='Pretrained', checkpoint='p.pth')))\n")
    plain = load_config(parser().parse_args([str(config)]))
    assert 'trust_pickle' not in plain and 'trust_pickle' not in plain.test_dataloader.dataset
    cfg = load_config(parser().parse_args([str(config), '--trust-pickle']))
    assert cfg.trust_pickle is True
    assert cfg.train_dataloader.dataset.dataset.trust_pickle is True
    assert [d.trust_pickle for d in cfg.val_dataloader.dataset.datasets] == [True, True]
    assert cfg.test_dataloader.dataset.trust_pickle is True
    assert 'trust_pickle' not in cfg.train_dataloader.dataset  # the wrapper reads no file
    assert cfg.model.backbone.init_cfg.trust_pickle is True
    assert 'trust_pickle' not in plain.model.backbone.init_cfg


def test_an_error_line_is_cut_to_a_readable_length(capsys):
    from stgcn_kit.apis.cli import MAX_ERROR_LINE, report_errors

    @report_errors
    def main():
        raise ValueError('bad: ' + 'y' * 10 * MAX_ERROR_LINE)

    with pytest.raises(SystemExit) as info:
        main()
    line = str(info.value)
    assert line.startswith('error: bad: yyy') and '\n' not in line
    assert len(line) < MAX_ERROR_LINE + 100
    assert line.endswith(f'... ({10 * MAX_ERROR_LINE + 5 - MAX_ERROR_LINE} more characters)')

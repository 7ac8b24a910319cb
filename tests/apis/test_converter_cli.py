"""The converters' shared options: both spellings parse to the same values, --out and
--out-folder exclude each other, and --out-folder names the file in that folder."""
import argparse

import pytest

from stgcn_kit.apis.converter_cli import add_converter_paths, output_path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser()
    add_converter_paths(parser, 'raw files', 'data/x/x.pkl')
    return parser


def test_both_spellings_give_the_same_options(tmp_path):
    ours = _parser().parse_args(['--data-path', 'raw', '--out-folder', str(tmp_path)])
    theirs = _parser().parse_args(['--data_path', 'raw', '--out_folder', str(tmp_path)])
    assert vars(ours) == vars(theirs) == dict(data_path='raw', out=None,
                                              out_folder=str(tmp_path))


def test_out_folder_names_the_file_and_creates_the_folder(tmp_path):
    args = _parser().parse_args(['--data_path', 'raw', '--out_folder', str(tmp_path / 'new')])
    assert output_path(args, 'x.pkl') == str(tmp_path / 'new' / 'x.pkl')
    assert (tmp_path / 'new').is_dir()
    args = _parser().parse_args(['--data-path', 'raw', '--out', 'a.pkl'])
    assert output_path(args, 'x.pkl') == 'a.pkl'


def test_one_output_is_required(capsys):
    with pytest.raises(SystemExit):
        _parser().parse_args(['--data-path', 'raw', '--out', 'a.pkl', '--out-folder', 'd'])
    assert 'not allowed with argument' in capsys.readouterr().err
    with pytest.raises(SystemExit):
        _parser().parse_args(['--data-path', 'raw'])

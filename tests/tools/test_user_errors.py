"""Every user mistake of issue 18 ends a tool with one ``error: ...`` line naming the culprit
and exit status 1, never a traceback."""

import pytest
from inference_helpers import run_script

from stgcn_kit.utils import dump_pickle, load_pickle

TINY = 'tests/configs/tiny_stgcn_nwucla.py'


def _one_line_error(capsys, script, *args):
    code = run_script(script, *args)
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and err and err[-1].startswith('error: ') and 'Traceback' not in err
    return err[-1]


@pytest.mark.parametrize('options, message', [
    (['model.backbone.type=STGCNN'],
     "tiny_stgcn_nwucla.py: unknown type 'STGCNN' (no model of that name is registered); "
     "did you mean 'STGCN'?"),
    (['model.cls_head.in_channel=16'],
     "tiny_stgcn_nwucla.py: GCNHead got an unexpected keyword argument 'in_channel'"),
    (['model.cls_head.num_classes=6'], 'but the model has 6 classes'),
    (['model.backbone.graph_cfg.layout=None'], 'graph_cfg.layout is not set'),
])
def test_train_config_mistakes(capsys, tiny_options, tmp_path, options, message):
    line = _one_line_error(capsys, 'tools/train.py', TINY, '--work-dir', tmp_path / 'w',
                           '--cfg-options', *tiny_options, *options)
    assert message in line


def test_train_resume_from_a_missing_or_empty_checkpoint(capsys, tiny_options, tmp_path):
    line = _one_line_error(capsys, 'tools/train.py', TINY, '--resume', '/missing.pth',
                           '--cfg-options', *tiny_options)
    assert line == 'error: /missing.pth: no such checkpoint'
    (tmp_path / 'zero.pth').write_bytes(b'')
    line = _one_line_error(capsys, 'tools/train.py', TINY, '--resume', tmp_path / 'zero.pth',
                           '--cfg-options', *tiny_options)
    assert line == f'error: {tmp_path / "zero.pth"}: empty checkpoint (0 bytes)'


def test_train_on_an_empty_split(capsys, tiny_nwucla, tmp_path):
    anno = load_pickle(str(tiny_nwucla))
    anno['split']['train'] = []
    dump_pickle(anno, tmp_path / 'empty.pkl')
    line = _one_line_error(capsys, 'tools/train.py', TINY, '--work-dir', tmp_path / 'w',
                           '--cfg-options',
                           f'train_dataloader.dataset.ann_file={tmp_path}/empty.pkl')
    assert line == f"error: {tmp_path}/empty.pkl: no samples selected (split 'train')"


def test_test_with_a_directory_as_out_or_an_empty_checkpoint(capsys, tiny_options, tmp_path):
    (tmp_path / 'zero.pth').write_bytes(b'')
    (tmp_path / 'r.pkl').mkdir()
    line = _one_line_error(capsys, 'tools/test.py', TINY, tmp_path / 'zero.pth', '--out',
                           tmp_path / 'r.pkl', '--cfg-options', *tiny_options)
    assert line == f'error: --out {tmp_path / "r.pkl"}: is a directory; give a file name'
    line = _one_line_error(capsys, 'tools/test.py', TINY, tmp_path / 'zero.pth',
                           '--cfg-options', *tiny_options)
    assert line == f'error: {tmp_path / "zero.pth"}: empty checkpoint (0 bytes)'


def test_converter_refuses_an_absurd_frame_count_before_allocating(capsys, tmp_path):
    (tmp_path / 'S001C001P001R001A001.skeleton').write_text('4000000000000\n0\n')
    line = _one_line_error(capsys, 'tools/data/ntu_gendata.py', '--data-path', tmp_path,
                           '--out', tmp_path / 'ntu.pkl')
    assert 'S001C001P001R001A001.skeleton: frame count 4000000000000 is beyond' in line
    assert not (tmp_path / 'ntu.pkl').exists()

"""plot_curves on a log that mmengine's LocalVisBackend writes, as a training run leaves it."""
from inference_helpers import run_script
from mmengine.visualization import LocalVisBackend

TOOL = 'tools/analysis/plot_curves.py'


def _work_dir(root):
    backend = LocalVisBackend(str(root / '20260101_000000' / 'vis_data'))
    for it in range(1, 5):
        backend.add_scalars(dict(loss=1.0 / it, lr=0.1, epoch=1, iter=it), step=it)
    backend.add_scalars({'acc/top1': 0.4}, step=1)
    return root


def test_png_from_a_work_dir(tmp_path, capsys):
    out = tmp_path / 'curves.png'
    assert run_script(TOOL, _work_dir(tmp_path / 'wd'), '--keys', 'loss', 'acc/top1',
                      '--out', out) == 0
    assert out.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'
    assert 'loss (4 points), acc/top1 (1 points)' in capsys.readouterr().out


def test_unknown_key_exits_with_one_line(tmp_path, capsys):
    code = run_script(TOOL, _work_dir(tmp_path / 'wd'), '--keys', 'top1', '--out',
                      tmp_path / 'x.png')
    assert code == 1
    assert "no scalar 'top1'" in capsys.readouterr().err
    assert not (tmp_path / 'x.png').exists()

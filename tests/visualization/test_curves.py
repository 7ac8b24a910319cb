"""Curves from a log that mmengine's own LocalVisBackend writes."""
import pytest
from mmengine.visualization import LocalVisBackend

from stgcn_kit.visualization.curves import curve, find_scalars, load_scalars, plot_curves


@pytest.fixture
def work_dir(tmp_path):
    """A work dir as a run leaves it: ``<timestamp>/vis_data/scalars.json``."""
    backend = LocalVisBackend(str(tmp_path / '20260101_000000' / 'vis_data'))
    for it in range(1, 7):
        backend.add_scalars(dict(lr=0.1, loss=3.0 / it, epoch=(it + 2) // 3, iter=it), step=it)
        if it % 3 == 0:
            backend.add_scalars({'acc/top1': 0.2 * it}, step=it // 3)
    return tmp_path


def test_reads_the_newest_run_and_splits_train_from_val(work_dir):
    path = find_scalars(str(work_dir))
    assert path.endswith('20260101_000000/vis_data/scalars.json')
    records = load_scalars(path)
    steps, values, label = curve(records, 'loss')
    assert steps == list(range(1, 7)) and values == pytest.approx([3.0 / i for i in steps])
    assert label == 'iteration'
    steps, values, label = curve(records, 'acc/top1')
    assert steps == [1, 2] and values == pytest.approx([0.6, 1.2]) and 'epoch' in label


def test_png_is_written(work_dir, tmp_path):
    out = tmp_path / 'curves.png'
    counts = plot_curves(load_scalars(find_scalars(str(work_dir))), ['loss', 'acc/top1'],
                         str(out))
    assert counts == {'loss': 6, 'acc/top1': 2}
    assert out.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'


def test_unknown_key_lists_the_known_ones(work_dir):
    with pytest.raises(ValueError, match=r"no scalar 'acc'.*'acc/top1', 'loss', 'lr'"):
        curve(load_scalars(find_scalars(str(work_dir))), 'acc')


def test_not_a_log(tmp_path):
    with pytest.raises(ValueError, match='neither a JSON log nor a work dir'):
        find_scalars(str(tmp_path))
    bad = tmp_path / 'x.json'
    bad.write_text('{"loss": 1}\n')
    with pytest.raises(ValueError, match='x.json:1: expected an object with a "step"'):
        load_scalars(str(bad))

"""Curves from the logs mmengine writes: its LocalVisBackend's JSON lines and its text log."""
from pathlib import Path

import pytest
from mmengine.visualization import LocalVisBackend

from stgcn_kit.apis.train import configure_training, train_model
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
    with pytest.raises(ValueError, match='neither a log nor a work dir with .*timestamp.*.log'):
        find_scalars(str(tmp_path))
    bad = tmp_path / 'x.json'
    bad.write_text('{"loss": 1}\n')
    with pytest.raises(ValueError, match='x.json:1: expected an object with a "step"'):
        load_scalars(str(bad))


def test_text_log_gives_the_scalars_json_curves(tiny_cfg):
    """One real run writes both logs; the text log's rounded numbers must trace the same curves."""
    cfg = configure_training(tiny_cfg(train_cfg=dict(max_epochs=2, val_interval=1)),
                             validate=True, seed=0)
    train_model(cfg)
    run_dir = next(Path(cfg.work_dir).glob('*/vis_data')).parent
    text_log = run_dir / f'{run_dir.name}.log'
    from_json = load_scalars(find_scalars(cfg.work_dir))
    from_text = load_scalars(str(text_log))
    for key in ('loss', 'lr', 'acc/top1'):
        json_steps, json_values, json_label = curve(from_json, key)
        text_steps, text_values, text_label = curve(from_text, key)
        assert text_steps == json_steps and text_label == json_label
        assert text_values == pytest.approx(json_values, rel=1e-3, abs=1e-4)
    assert len(json_steps) == 2  # validation after each epoch


def test_work_dir_with_only_a_text_log(tmp_path):
    run_dir = tmp_path / '20260101_000000'
    run_dir.mkdir()
    (run_dir / '20260101_000000.log').write_text(
        'x - mmengine - INFO - Epoch(train)  [1][2/2]  lr: 1.0000e-01  eta: 0:00:01  loss: 0.5\n'
        'x - mmengine - INFO - Epoch(val) [1][3/3]    acc/top1: 0.2500  data_time: 0.01\n')
    records = load_scalars(find_scalars(str(tmp_path)))
    assert curve(records, 'loss')[:2] == ([2], [0.5])
    assert curve(records, 'acc/top1')[:2] == ([1], [0.25])
    assert 'eta' not in records[0]


def test_text_log_without_epoch_lines_is_named(tmp_path):
    log = tmp_path / 'other.log'
    log.write_text('nothing an mmengine run writes\n')
    with pytest.raises(ValueError, match='other.log: no "Epoch'):
        load_scalars(str(log))

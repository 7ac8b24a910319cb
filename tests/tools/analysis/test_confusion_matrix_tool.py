"""confusion_matrix on a result pickle computed here from real NW-UCLA samples."""
import json

import numpy as np
import pytest
from inference_helpers import run_script, save_random_checkpoint, write_tiny_config

from stgcn_kit.apis import inference_recognizer, init_recognizer
from stgcn_kit.utils import dump_pickle

TOOL = 'tools/analysis/confusion_matrix.py'
NAMES = ['one hand', 'two hands', 'drop', 'walk']


@pytest.fixture
def result_pkl(shared_data, tmp_path):
    """``tools/test.py --out``-style records of three real sequences scored by a tiny model."""
    config = write_tiny_config(tmp_path, 'nw-ucla')
    model = init_recognizer(config, save_random_checkpoint(config, tmp_path / 'w.pth'), 'cpu')
    records = []
    for label, name in enumerate(['a01_s01_e00_v01', 'a02_s01_e00_v01', 'a03_s01_e00_v01']):
        path = shared_data / 'nw-ucla' / 'all_sqe' / f'{name}.json'
        keypoint = np.array(json.loads(path.read_text())['skeletons'], np.float32)[None]
        score = inference_recognizer(model, keypoint).pred_score
        records.append(dict(frame_dir=name, gt_label=label, pred_score=score))
    dump_pickle(records, tmp_path / 'result.pkl')
    return tmp_path / 'result.pkl', records


def test_counts_match_the_predictions(result_pkl, tmp_path):
    path, records = result_pkl
    assert run_script(TOOL, path, '--out', tmp_path / 'cm.npy') == 0
    expected = np.zeros((4, 4), int)
    for record in records:
        expected[record['gt_label'], int(np.argmax(record['pred_score']))] += 1
    np.testing.assert_array_equal(np.load(tmp_path / 'cm.npy'), expected)


def test_png_with_class_names(result_pkl, tmp_path, capsys):
    (tmp_path / 'labels.txt').write_text('\n'.join(NAMES) + '\n')
    assert run_script(TOOL, result_pkl[0], '--label-map', tmp_path / 'labels.txt', '--out',
                      tmp_path / 'cm.png') == 0
    assert (tmp_path / 'cm.png').read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'
    assert '3 samples, 4 classes' in capsys.readouterr().out


def test_label_map_of_the_wrong_size(result_pkl, tmp_path, capsys):
    (tmp_path / 'labels.txt').write_text('a\nb\n')
    assert run_script(TOOL, result_pkl[0], '--label-map', tmp_path / 'labels.txt', '--out',
                      tmp_path / 'cm.png') == 1
    assert '2 names for 4 classes' in capsys.readouterr().err

"""Legacy (N, C, T, V, M) arrays: padding trimmed, values equal to the array written here."""
import pickle

import numpy as np
import pytest

from stgcn_kit.datasets.raw.legacy import convert_legacy


def _write(tmp_path, data, names, labels):
    np.save(tmp_path / 'x.npy', data)
    with open(tmp_path / 'y.pkl', 'wb') as f:
        pickle.dump((names, labels), f)
    return str(tmp_path / 'x.npy'), str(tmp_path / 'y.pkl')


def test_padding_trimmed(tmp_path):
    rng = np.random.default_rng(0)
    data = np.zeros((2, 3, 10, 25, 2), dtype=np.float32)
    data[0, :, :7, :, 0] = rng.normal(size=(3, 7, 25))      # one person, 7 frames
    data[1, :, :4, :, :] = rng.normal(size=(3, 4, 25, 2))   # two people, 4 frames
    data[1, :, 2, :, :] = 0                                 # an inner empty frame stays
    x, y = _write(tmp_path, data, ['S001C001P001R001A001.skeleton', 'b'], [0, 5])
    out = tmp_path / 'out.pkl'
    anno = convert_legacy(x, y, str(out), 'xsub_val', layout='nturgb+d')
    assert anno['split'] == {'xsub_val': ['S001C001P001R001A001', 'b']}
    first, second = anno['annotations']
    for record, sample, persons, frames in ((first, data[0], 1, 7), (second, data[1], 2, 4)):
        expected = np.stack([sample[:, :frames, :, m].transpose(1, 2, 0) for m in range(persons)])
        np.testing.assert_array_equal(record['keypoint'], expected)
        assert record['total_frames'] == frames
    assert second['label'] == 5 and pickle.loads(out.read_bytes())['split'] == anno['split']


def test_score_channel(tmp_path):
    data = np.ones((1, 3, 5, 18, 2), dtype=np.float32)
    data[0, 2] = 0.5
    x, y = _write(tmp_path, data, ['clip'], [3])
    record = convert_legacy(x, y, layout='openpose', score_channel=True)['annotations'][0]
    assert record['keypoint'].shape == (2, 5, 18, 2)
    np.testing.assert_array_equal(record['keypoint_score'], np.full((2, 5, 18), 0.5))


@pytest.mark.parametrize('data, labels, problem', [
    (np.zeros((2, 3, 4, 25, 2)), [0, 1], "sample 'a' is all zeros"),
    (np.ones((2, 3, 4, 24, 2)), [0, 1], '24 joints, the layout has 25'),
    (np.ones((2, 3, 4, 25)), [0, 1], r'expected \(N, C, T, V, M\)'),
    (np.ones((2, 3, 4, 25, 2)), [0], '2 names and 1 labels'),
    (np.ones((2, 3, 4, 25, 2)), [0, 3.7], "label 3.7 of sample 'b' is not an integer class index"),
    (np.ones((2, 3, 4, 25, 2)), [np.int64(-5), 1], "label -5 of sample 'a' is not"),
])
def test_bad_input_writes_nothing(tmp_path, data, labels, problem):
    x, y = _write(tmp_path, data, ['a', 'b'], labels)
    out = tmp_path / 'out.pkl'
    with pytest.raises(ValueError, match=problem):
        convert_legacy(x, y, str(out), layout='nturgb+d')
    assert not out.exists()


def test_truncated_npy(tmp_path):
    x, y = _write(tmp_path, np.ones((2, 3, 4, 25, 2)), ['a', 'b'], [0, 1])
    with open(x, 'r+b') as f:
        f.truncate(500)
    with pytest.raises(ValueError, match='x.npy: not a readable .npy'):
        convert_legacy(x, y)

"""NW-UCLA conversion checked against the JSON files read directly and CTR-GCN's val_label.pkl."""
import json
import pickle

import numpy as np
import pytest

from stgcn_kit.datasets.raw.nwucla import convert_nwucla, read_sample


@pytest.fixture(scope='session')
def ucla_dir(shared_data):
    return shared_data / 'nw-ucla'


@pytest.fixture(scope='session')
def converted(ucla_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp('nwucla') / 'nw-ucla.pkl'
    convert_nwucla(str(ucla_dir), str(out))
    with open(out, 'rb') as f:
        return pickle.load(f)


def test_cross_view_split_sizes_and_views(converted):
    split = converted['split']
    assert (len(split['train']), len(split['val'])) == (1020, 464)
    assert all(name.endswith(('_v01', '_v02')) for name in split['train'])
    assert all(name.endswith('_v03') for name in split['val'])


def test_cross_subject_split_by_the_subject_in_each_file_name(converted, ucla_dir):
    split = converted['split']
    names = sorted(p.stem for p in (ucla_dir / 'all_sqe').glob('*.json'))
    odd = [n for n in names if int(n.split('_s')[1][:2]) in (1, 3, 5, 7, 9)]
    assert sorted(split['xsub_train']) == odd
    assert sorted(split['xsub_val']) == sorted(set(names) - set(odd))
    # every view on both sides
    assert {n[-3:] for n in split['xsub_train']} == {n[-3:] for n in split['xsub_val']} == {
        'v01', 'v02', 'v03'}


def test_val_labels_and_lengths_match_ctrgcn_list(converted, ucla_dir):
    with open(ucla_dir / 'val_label.pkl', 'rb') as f:
        reference = pickle.load(f)
    records = {r['frame_dir']: r for r in converted['annotations']}
    assert sorted(converted['split']['val']) == sorted(r['file_name'] for r in reference)
    for ref in reference:
        record = records[ref['file_name']]
        # CTR-GCN's labels are 1-based, ours 0-based
        assert record['label'] == ref['label'] - 1, ref['file_name']
        assert record['total_frames'] == ref['length'] == record['keypoint'].shape[1]


def test_keypoints_and_labels_equal_the_json_files(converted, ucla_dir):
    files = sorted((ucla_dir / 'all_sqe').glob('*.json'))
    assert len(converted['annotations']) == len(files)
    action_ids = sorted({int(p.name[1:3]) for p in files})
    assert len(action_ids) == len(converted['classes']) == 10
    for path, record in zip(files, sorted(converted['annotations'], key=lambda r: r['frame_dir'])):
        raw = json.loads(path.read_text())
        assert record['frame_dir'] == path.stem
        assert record['label'] == action_ids.index(int(path.name[1:3]))
        assert record['keypoint'].dtype == np.float32
        np.testing.assert_array_equal(record['keypoint'][0],
                                      np.array(raw['skeletons'], dtype=np.float32))


def _write(folder, name, skeletons, label=1):
    path = folder / f'{name}.json'
    path.write_text(json.dumps(dict(file_name=name, skeletons=skeletons, label=label)))
    return path


def _frames(t, v=20):
    return np.arange(t * v * 3, dtype=float).reshape(t, v, 3).tolist()


@pytest.mark.parametrize('content, problem', [
    ('{"file_name": "a01_s01_e00_v01", "skeletons": [[[0.1, 0.2', 'unreadable JSON'),
    (json.dumps(dict(skeletons=_frames(3, v=19), label=1)), r'expected \(T, 20, 3\)'),
    (json.dumps(dict(skeletons=[[['x', 0, 0]] * 20], label=1)), 'non-numeric'),
    (json.dumps(dict(skeletons=[], label=1)), 'empty sequence'),
    (json.dumps(dict(skeletons=_frames(2), label=4)), 'disagrees with action id'),
])
def test_malformed_file_names_the_file_and_problem(tmp_path, content, problem):
    path = tmp_path / 'a01_s01_e00_v01.json'
    path.write_text(content)
    with pytest.raises(ValueError, match=problem) as err:
        read_sample(str(path))
    assert str(path) in str(err.value)


def test_label_comes_from_the_action_id(tmp_path):
    record = read_sample(str(_write(tmp_path, 'a11_s02_e01_v03', _frames(4), label=9)))
    assert record['label'] == 8 and record['keypoint'].shape == (1, 4, 20, 3)


def test_one_bad_file_writes_nothing(tmp_path):
    folder = tmp_path / 'all_sqe'
    folder.mkdir()
    _write(folder, 'a01_s01_e00_v01', _frames(3))
    _write(folder, 'a02_s01_e00_v03', _frames(3, v=18), label=2)
    out = tmp_path / 'out.pkl'
    with pytest.raises(ValueError, match='a02_s01_e00_v03.json'):
        convert_nwucla(str(tmp_path), str(out))
    assert list(tmp_path.iterdir()) == [folder]


def test_label_map_file_lists_the_converter_classes_in_label_order():
    from pathlib import Path

    from stgcn_kit.apis.inference import load_label_map
    from stgcn_kit.datasets.raw.nwucla import CLASSES
    label_map = Path(__file__).resolve().parents[3] / 'tools/data/label_map/nw_ucla.txt'
    assert load_label_map(str(label_map)) == list(CLASSES)

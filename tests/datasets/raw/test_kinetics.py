"""Kinetics-skeleton conversion checked against a per-frame loop over the real clips."""
import json

import numpy as np
import pytest

from stgcn_kit.datasets.raw.kinetics import convert_kinetics, read_clip


def _expected(clip):
    """Brute force: per frame, the first five people sorted by total score, two kept."""
    num_frames = max(f['frame_index'] for f in clip['data'])
    pose = np.zeros((2, num_frames, 18, 2))
    score = np.zeros((2, num_frames, 18))
    most = 0
    for frame in clip['data']:
        people = frame['skeleton'][:5]
        most = max(most, len(people))
        ranked = sorted(people, key=lambda p: -sum(p['score']))
        for m, person in enumerate(ranked[:2]):
            pose[m, frame['frame_index'] - 1, :, 0] = person['pose'][0::2]
            pose[m, frame['frame_index'] - 1, :, 1] = person['pose'][1::2]
            score[m, frame['frame_index'] - 1] = person['score']
    return pose[:min(most, 2)], score[:min(most, 2)]


@pytest.fixture(scope='session')
def kinetics_dir(shared_data):
    return shared_data / 'kinetics-skeleton'


def test_real_clips_match_per_frame_ranking(kinetics_dir):
    anno = convert_kinetics(str(kinetics_dir))
    records = {r['frame_dir']: r for r in anno['annotations']}
    val_labels = json.loads((kinetics_dir / 'kinetics_val_label.json').read_text())
    for split in ('train', 'val'):
        paths = sorted((kinetics_dir / f'kinetics_{split}').glob('*.json'))
        assert sorted(anno['split'][split]) == [p.stem for p in paths]
        for path in paths:
            clip = json.loads(path.read_text())
            record = records[path.stem]
            pose, score = _expected(clip)
            np.testing.assert_allclose(record['keypoint'], pose, rtol=1e-6)
            np.testing.assert_allclose(record['keypoint_score'], score, rtol=1e-6)
            assert record['label'] == clip['label_index']
            if split == 'val':
                assert record['label'] == val_labels[path.stem]['label_index']
            assert anno['classes'][record['label']] == clip['label']


def _clip(frames, label=3):
    return dict(label='x', label_index=label, data=[
        dict(frame_index=t + 1, skeleton=[dict(pose=[0.5] * 36, score=[s] * 18) for s in people])
        for t, people in enumerate(frames)])


def test_people_ranked_per_frame(tmp_path):
    path = tmp_path / 'clip.json'
    path.write_text(json.dumps(_clip([[0.2, 0.9, 0.5], [0.7]])))
    record = read_clip(str(path))
    np.testing.assert_allclose(record['keypoint_score'][:, :, 0], [[0.9, 0.7], [0.5, 0]])


def test_label_file_drives_labels_and_skips_clips_without_skeleton(tmp_path):
    (tmp_path / 'kinetics_val').mkdir()
    for name in ('a', 'b'):
        (tmp_path / 'kinetics_val' / f'{name}.json').write_text(
            json.dumps(_clip([[0.5]], label=None)))
    (tmp_path / 'kinetics_val_label.json').write_text(json.dumps(
        dict(a=dict(has_skeleton=True, label_index=7), b=dict(has_skeleton=False,
                                                              label_index=1))))
    anno = convert_kinetics(str(tmp_path))
    assert anno['split'] == {'val': ['a']} and anno['annotations'][0]['label'] == 7


@pytest.mark.parametrize('content, problem', [
    ('{"data": [{"frame_index": 1, "skeleton": [{"pose": [0.1, 0.', 'unreadable JSON'),
    (json.dumps(dict(label_index=1, data=[dict(frame_index=1, skeleton=[
        dict(pose=[0.5] * 34, score=[1] * 17)])])), '17 pose joints and 17 scores, expected 18'),
    (json.dumps(dict(label_index=1, data=[dict(frame_index=1, skeleton=[
        dict(pose=['a'] * 36, score=[1] * 18)])])), 'non-numeric'),
    (json.dumps(dict(label_index=1, data=[])), 'empty sequence'),
    (json.dumps(dict(label_index=1, data=[dict(frame_index=1, skeleton=[])])), 'no person'),
    (json.dumps(_clip([[float('nan')]])), 'the score of person 0 of frame 1 holds NaN'),
    (json.dumps(dict(label_index=1, data=[dict(frame_index=10**9, skeleton=[])])),
     'frame_index 1000000000 is beyond any real clip'),
    (json.dumps(_clip([[0.5]], label=3.7)), 'label 3.7 is not an integer class index'),
    (json.dumps(_clip([[0.5]], label=-5)), 'label -5 is not an integer class index'),
    (json.dumps(_clip([[0.5]], label='3')), "label '3' is not an integer class index"),
    ('{"label_index": 1, "data": [{"frame_index": Infinity, "skeleton": []}]}',
     'integer "frame_index"'),
    (json.dumps(dict(label_index=1, data=[dict(frame_index=10**12, skeleton=[])])),
     'frame_index 1000000000000 is beyond any real clip'),
    (json.dumps(_clip([[0.5]], label='x')), "label 'x' is not an integer class index"),
    (json.dumps(_clip([[0.5, float('nan')]])), 'the score of person 1 of frame 1 holds NaN'),
    (json.dumps(_clip([[1e40]])), 'too large for float32'),
])
def test_malformed_clip_names_file_and_problem(tmp_path, content, problem):
    path = tmp_path / 'clip.json'
    path.write_text(content)
    with pytest.raises(ValueError, match=problem) as err:
        read_clip(str(path))
    assert str(path) in str(err.value)


def test_bad_clip_writes_nothing(tmp_path):
    (tmp_path / 'kinetics_train').mkdir()
    (tmp_path / 'kinetics_train' / 'good.json').write_text(json.dumps(_clip([[0.5]])))
    (tmp_path / 'kinetics_train' / 'bad.json').write_text('{')
    out = tmp_path / 'k.pkl'
    with pytest.raises(ValueError, match='bad.json: unreadable JSON'):
        convert_kinetics(str(tmp_path), str(out))
    assert not out.exists()


def test_labels_are_checked_against_the_class_count(tmp_path):
    (tmp_path / 'kinetics_train').mkdir()
    for name, label in (('a', 2), ('b', 3)):
        (tmp_path / 'kinetics_train' / f'{name}.json').write_text(json.dumps(_clip([[0.5]],
                                                                                 label)))
    assert len(convert_kinetics(str(tmp_path), num_classes=4)['annotations']) == 2
    with pytest.raises(ValueError, match="sample 'b' has label 3, beyond the 3 classes"):
        convert_kinetics(str(tmp_path), num_classes=3)
    (tmp_path / 'label_name.txt').write_text('x\ny\nz\n')  # 3 names: the count without the option
    with pytest.raises(ValueError, match='beyond the 3 classes'):
        convert_kinetics(str(tmp_path))

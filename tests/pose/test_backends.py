"""Pose readers on real poses: Kinetics-skeleton (OpenPose output) rewritten as OpenPose
per-frame JSON, NW-UCLA records in a pickle; MediaPipe on a real video where installed."""
import importlib.util
import json
import sys

import numpy as np
import pytest

from stgcn_kit.pose import estimate_mediapipe, read_openpose_json, read_pose_pickle
from stgcn_kit.utils import dump_pickle

KINETICS_CLIP = 'kinetics-skeleton/kinetics_train/cU1fyH2QssA.json'  # 86% of frames with people
WIDTH, HEIGHT = 340, 256


def write_openpose_folder(kinetics_json, folder, frames=None):
    """The Kinetics-skeleton clip as OpenPose ``--write_json`` files (pixels of a 340x256
    video); returns the frames as lists of ``(pose (18, 3), mean score)``."""
    data = json.loads(kinetics_json.read_text())['data'][:frames]
    folder.mkdir(exist_ok=True)
    people_per_frame = []
    for frame in data:
        people = []
        for person in frame['skeleton']:
            xy = np.array(person['pose']).reshape(-1, 2) * [WIDTH, HEIGHT]
            people.append(np.c_[xy, person['score']])
        (folder / f'clip_{frame["frame_index"]:012d}_keypoints.json').write_text(json.dumps(
            {'version': 1.3, 'people': [{'pose_keypoints_2d': p.ravel().tolist()}
                                        for p in people]}))
        people_per_frame.append(people)
    return people_per_frame


def test_openpose_json_keeps_the_most_confident_people(shared_data, tmp_path):
    frames = write_openpose_folder(shared_data / KINETICS_CLIP, tmp_path / 'op', frames=40)
    track = read_openpose_json(str(tmp_path / 'op'), 'openpose', max_person=2,
                               img_shape=(HEIGHT, WIDTH))
    assert track.num_frames == 40 and track.record['img_shape'] == (HEIGHT, WIDTH)
    assert track.record['keypoint'].shape == (2, 40, 18, 2)
    for t, people in enumerate(frames):
        ranked = sorted(people, key=lambda p: -p[:, 2].mean())[:2]
        for m in range(2):
            expected = ranked[m] if m < len(ranked) else np.zeros((18, 3))
            np.testing.assert_allclose(track.record['keypoint'][m, t], expected[:, :2], atol=1e-4)
            np.testing.assert_allclose(track.record['keypoint_score'][m, t], expected[:, 2],
                                       atol=1e-6)
    np.testing.assert_array_equal(track.image_points, track.record['keypoint'])


def test_openpose_json_as_coco(shared_data, tmp_path):
    write_openpose_folder(shared_data / KINETICS_CLIP, tmp_path / 'op', frames=5)
    pose = read_openpose_json(str(tmp_path / 'op'), 'openpose').record['keypoint']
    coco = read_openpose_json(str(tmp_path / 'op'), 'coco').record['keypoint']
    assert coco.shape[-2] == 17
    np.testing.assert_array_equal(coco[..., 5, :], pose[..., 5, :])  # left shoulder
    np.testing.assert_array_equal(coco[..., 2, :], pose[..., 14, :])  # right eye


def test_openpose_json_errors_name_the_file(tmp_path):
    with pytest.raises(ValueError, match='no OpenPose JSON files'):
        read_openpose_json(str(tmp_path), 'coco')
    (tmp_path / 'a_000000000000_keypoints.json').write_text('{"people": [{"pose": [1]}]}')
    with pytest.raises(ValueError, match='a_000000000000_keypoints.json.*pose_keypoints_2d'):
        read_openpose_json(str(tmp_path), 'coco')
    (tmp_path / 'a_000000000000_keypoints.json').write_text('{"people": []}')
    with pytest.raises(ValueError, match='found nobody in 1 frames'):
        read_openpose_json(str(tmp_path), 'coco')


def _nwucla_record(shared_data, name):
    path = shared_data / 'nw-ucla' / 'all_sqe' / f'{name}.json'
    skeletons = np.array(json.loads(path.read_text())['skeletons'], np.float32)[None]
    return dict(frame_dir=name, label=0, keypoint=skeletons, total_frames=skeletons.shape[1])


def test_pickle_picks_the_sample(shared_data, tmp_path):
    records = [_nwucla_record(shared_data, n) for n in ('a01_s01_e00_v01', 'a01_s01_e00_v02')]
    dump_pickle({'split': {}, 'annotations': records}, tmp_path / 'ann.pkl')
    track = read_pose_pickle(str(tmp_path / 'ann.pkl'), 'nw-ucla', 'a01_s01_e00_v02')
    np.testing.assert_array_equal(track.record['keypoint'], records[1]['keypoint'])
    assert track.image_points is None  # 3D: nothing to draw on a video
    with pytest.raises(ValueError, match='holds 2 samples'):
        read_pose_pickle(str(tmp_path / 'ann.pkl'), 'nw-ucla')
    with pytest.raises(ValueError, match="no sample with frame_dir 'nope'"):
        read_pose_pickle(str(tmp_path / 'ann.pkl'), 'nw-ucla', 'nope')
    with pytest.raises(ValueError, match='ann.pkl.*20 joints, the layout has 25'):
        read_pose_pickle(str(tmp_path / 'ann.pkl'), 'nturgb+d', 'a01_s01_e00_v01')


def test_pickle_of_one_2d_record_is_drawn_where_it_lies(tmp_path):
    keypoint = np.random.default_rng(0).uniform(0, 200, (1, 6, 17, 2)).astype(np.float32)
    score = np.full((1, 6, 17), 0.9, np.float32)
    dump_pickle(dict(frame_dir='x', label=0, keypoint=keypoint, keypoint_score=score,
                     total_frames=6), tmp_path / 'one.pkl')
    track = read_pose_pickle(str(tmp_path / 'one.pkl'), 'coco')
    np.testing.assert_array_equal(track.image_points, keypoint)
    np.testing.assert_array_equal(track.image_scores, score)


def test_mediapipe_missing_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, 'mediapipe', None)  # makes "import mediapipe" fail
    with pytest.raises(ImportError, match=r'stgcn_kit\[mediapipe\]'):
        estimate_mediapipe(iter([]), 'coco', 0)


@pytest.mark.skipif(importlib.util.find_spec('mediapipe') is None,
                    reason='mediapipe is an optional extra: pip install "stgcn_kit[mediapipe]"')
@pytest.mark.parametrize('layout', ['coco', 'nturgb+d'])
def test_mediapipe_on_a_real_video(shared_data, layout):
    import decord
    video = decord.VideoReader(str(shared_data / 'videos' / 'stgcn_ta_chi.mp4'))
    frames = [video[i].asnumpy() for i in range(12)]
    track = estimate_mediapipe(iter(frames), layout, len(frames), name='ta_chi')
    height, width = frames[0].shape[:2]
    found = track.image_scores[0].mean(-1) > 0.5
    assert found.sum() >= 6  # the dancer is in plain view
    points = track.image_points[0][found]
    assert (points[..., 0] >= -width * 0.1).all() and (points[..., 0] <= width * 1.1).all()
    keypoint = track.record['keypoint'][0][found]
    if layout == 'nturgb+d':
        assert 'keypoint_score' not in track.record
        assert (keypoint[:, 3, 1] > keypoint[:, 0, 1]).all()  # head above the spine base: y up
    else:
        np.testing.assert_array_equal(keypoint, points)

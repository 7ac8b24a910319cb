"""Rendering real skeletons (NW-UCLA 3D, Kinetics 2D) on their own."""
import json

import numpy as np
import pytest

from stgcn_kit.visualization import render_skeleton_frames


def test_3d_nwucla_frames_show_motion(shared_data):
    path = shared_data / 'nw-ucla' / 'all_sqe' / 'a01_s01_e00_v01.json'
    skeletons = np.array(json.loads(path.read_text())['skeletons'], np.float32)[None]
    frames = list(render_skeleton_frames(skeletons[:, ::10], 'nw-ucla', size=3, dpi=50))
    assert len(frames) == skeletons[:, ::10].shape[1]
    assert frames[0].shape == (150, 150, 3) and frames[0].dtype == np.uint8
    assert (frames[0] != 255).any(axis=-1).mean() > 0.02  # something is drawn
    assert not np.array_equal(frames[0], frames[-1])


def test_2d_people_absent_joints_hidden(shared_data):
    data = json.loads((shared_data / 'kinetics-skeleton' / 'kinetics_train' /
                       'cU1fyH2QssA.json').read_text())['data'][:3]
    keypoint = np.zeros((2, 3, 18, 2), np.float32)
    score = np.zeros((2, 3, 18), np.float32)
    for t, frame in enumerate(data):
        for m, person in enumerate(frame['skeleton'][:2]):
            keypoint[m, t] = np.reshape(person['pose'], (-1, 2))
            score[m, t] = person['score']
    frames = list(render_skeleton_frames(keypoint, 'openpose', score, size=3, dpi=50))
    assert len(frames) == 3 and (frames[1] != 255).any()


def test_wrong_joint_count_is_named():
    with pytest.raises(ValueError, match=r'expected \(M, T, 17, 2 or 3\)'):
        next(render_skeleton_frames(np.ones((1, 2, 25, 3)), 'coco'))

"""Joint maps checked by joint names, not by the index tables they are built from."""
import numpy as np
import pytest

from stgcn_kit.pose.landmarks import (
    MEDIAPIPE_TO_LAYOUT,
    map_joints,
    map_scores,
    mediapipe_sources,
    mediapipe_world_to_kinect,
    openpose_sources,
)
from stgcn_kit.skeleton import get_layout

MEDIAPIPE = ['nose', 'l_eye_inner', 'l_eye', 'l_eye_outer', 'r_eye_inner', 'r_eye', 'r_eye_outer',
             'l_ear', 'r_ear', 'mouth_l', 'mouth_r', 'l_shoulder', 'r_shoulder', 'l_elbow',
             'r_elbow', 'l_wrist', 'r_wrist', 'l_pinky', 'r_pinky', 'l_index', 'r_index',
             'l_thumb', 'r_thumb', 'l_hip', 'r_hip', 'l_knee', 'r_knee', 'l_ankle', 'r_ankle',
             'l_heel', 'r_heel', 'l_foot', 'r_foot']
COCO = ['nose', 'l_eye', 'r_eye', 'l_ear', 'r_ear', 'l_shoulder', 'r_shoulder', 'l_elbow',
        'r_elbow', 'l_wrist', 'r_wrist', 'l_hip', 'r_hip', 'l_knee', 'r_knee', 'l_ankle',
        'r_ankle']
OPENPOSE18 = ['nose', 'neck', 'r_shoulder', 'r_elbow', 'r_wrist', 'l_shoulder', 'l_elbow',
              'l_wrist', 'r_hip', 'r_knee', 'r_ankle', 'l_hip', 'l_knee', 'l_ankle', 'r_eye',
              'l_eye', 'r_ear', 'l_ear']
BODY25 = OPENPOSE18[:8] + ['mid_hip'] + OPENPOSE18[8:] + ['l_big_toe', 'l_small_toe', 'l_heel',
                                                          'r_big_toe', 'r_small_toe', 'r_heel']


def _named(points, names):
    return {name: points[..., i, :] for i, name in enumerate(names)}


@pytest.fixture
def landmarks():
    return np.random.default_rng(0).normal(size=(4, 33, 3)).astype(np.float32)


def test_mediapipe_to_coco_matches_names(landmarks):
    mp = _named(landmarks, MEDIAPIPE)
    coco = map_joints(landmarks, mediapipe_sources('coco'))
    for j, name in enumerate(COCO):
        np.testing.assert_array_equal(coco[:, j], mp[name])


def test_mediapipe_to_openpose_derives_the_neck(landmarks):
    mp = _named(landmarks, MEDIAPIPE)
    pose = _named(map_joints(landmarks, mediapipe_sources('openpose')), OPENPOSE18)
    np.testing.assert_allclose(pose['neck'], (mp['l_shoulder'] + mp['r_shoulder']) / 2, atol=1e-6)
    for name in set(OPENPOSE18) - {'neck'}:
        np.testing.assert_array_equal(pose[name], mp[name])


def test_mediapipe_to_kinect_layouts(landmarks):
    mp = _named(landmarks, MEDIAPIPE)
    hip_centre = (mp['l_hip'] + mp['r_hip']) / 2
    shoulder_centre = (mp['l_shoulder'] + mp['r_shoulder']) / 2
    ntu = map_joints(landmarks, mediapipe_sources('nturgb+d'))
    ucla = map_joints(landmarks, mediapipe_sources('nw-ucla'))
    assert ntu.shape[-2] == get_layout('nturgb+d').num_node
    assert ucla.shape[-2] == get_layout('nw-ucla').num_node
    # NTU joints, 1-based: 1 spine base, 2 mid spine, 5 left shoulder, 12 right hand,
    # 20 right foot, 21 spine at the shoulders, 23 left thumb
    np.testing.assert_allclose(ntu[:, 0], hip_centre, atol=1e-6)
    np.testing.assert_allclose(ntu[:, 1], (hip_centre + shoulder_centre) / 2, atol=1e-6)
    np.testing.assert_array_equal(ntu[:, 4], mp['l_shoulder'])
    np.testing.assert_allclose(ntu[:, 11], (mp['r_pinky'] + mp['r_index']) / 2, atol=1e-6)
    np.testing.assert_array_equal(ntu[:, 19], mp['r_foot'])
    np.testing.assert_allclose(ntu[:, 20], shoulder_centre, atol=1e-6)
    np.testing.assert_array_equal(ntu[:, 22], mp['l_thumb'])
    # NW-UCLA: the first 20 NTU joints except joint 3, the shoulder centre there
    np.testing.assert_allclose(ucla[:, 2], shoulder_centre, atol=1e-6)
    keep = [j for j in range(20) if j != 2]
    np.testing.assert_allclose(ucla[:, keep], ntu[:, keep], atol=1e-6)


def test_every_mapped_layout_has_its_joint_count():
    for layout, sources in MEDIAPIPE_TO_LAYOUT.items():
        assert len(sources) == get_layout(layout).num_node, layout


def test_derived_scores_take_the_weakest_source():
    scores = np.linspace(0.1, 0.9, 33)[None]
    ntu = map_scores(scores, mediapipe_sources('nturgb+d'))
    assert ntu[0, 0] == pytest.approx(min(scores[0, 23], scores[0, 24]))


@pytest.mark.parametrize('names', [OPENPOSE18, BODY25])
def test_openpose_to_coco_and_openpose(names):
    points = np.random.default_rng(1).normal(size=(2, len(names), 2))
    given = _named(points, names)
    coco = map_joints(points, openpose_sources(len(names), 'coco'))
    pose = map_joints(points, openpose_sources(len(names), 'openpose'))
    for j, name in enumerate(COCO):
        np.testing.assert_array_equal(coco[:, j], given[name])
    for j, name in enumerate(OPENPOSE18):
        np.testing.assert_array_equal(pose[:, j], given[name])


def test_openpose_errors_name_the_problem():
    with pytest.raises(ValueError, match='COCO-18 or BODY_25'):
        openpose_sources(15, 'coco', 'f.json')
    with pytest.raises(ValueError, match="not 'nturgb\\+d'"):
        openpose_sources(18, 'nturgb+d')
    with pytest.raises(ValueError, match='no MediaPipe mapping'):
        mediapipe_sources('handmp')


def _handedness(up, forward, left):
    return np.sign(np.cross(up, forward) @ left)


def test_world_to_kinect_keeps_handedness_and_puts_y_up():
    # a person facing the camera in MediaPipe world axes (x right, y down, z away):
    # head above (y < 0), left shoulder on the image's right (x > 0), facing the camera (-z)
    head, hips = np.array([0., -0.6, 0.]), np.zeros(3)
    left, right = np.array([0.2, -0.45, 0.]), np.array([-0.2, -0.45, 0.])
    nose_tip = np.array([0., -0.6, -0.1])
    kinect = mediapipe_world_to_kinect(np.stack([head, hips, left, right, nose_tip]))
    assert kinect[0, 1] > kinect[1, 1]  # head above hips: y up
    assert kinect[4, 2] < kinect[0, 2]  # the face points at the camera: smaller depth
    assert kinect[2, 0] < kinect[3, 0]  # NTU/NW-UCLA: left shoulder at the smaller x
    before = _handedness(head - hips, nose_tip - head, left - right)
    after = _handedness(kinect[0] - kinect[1], kinect[4] - kinect[0], kinect[2] - kinect[3])
    assert before == after == 1

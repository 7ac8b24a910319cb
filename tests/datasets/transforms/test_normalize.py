import numpy as np
import pytest

from stgcn_kit.datasets.transforms import PreNormalize2D, PreNormalize3D
from stgcn_kit.datasets.transforms.normalize import align_matrix, axis_angle_matrix


def _random_rotation(rng):
    q, r = np.linalg.qr(rng.normal(size=(3, 3)))
    q = q * np.sign(np.diag(r))
    return q if np.linalg.det(q) > 0 else -q


def _upright_body(rng, frames=6):
    """(1, T, 25, 3): spine 0->1 along +z, shoulders 8->4 along +x, the rest random."""
    kp = rng.normal(size=(1, frames, 25, 3))
    kp[:, :, 0] = [0, 0, 0]
    kp[:, :, 1] = [0, 0, 0.5]
    kp[:, :, 8] = [-0.2, 0.1, 0.7]
    kp[:, :, 4] = [0.2, 0.1, 0.7]
    return kp


@pytest.mark.parametrize('seed', range(5))
def test_rotation_matrices_are_proper(seed):
    rng = np.random.default_rng(seed)
    rot = axis_angle_matrix(rng.normal(size=3), rng.uniform(-np.pi, np.pi))
    np.testing.assert_allclose(rot @ rot.T, np.eye(3), atol=1e-12)
    assert np.linalg.det(rot) == pytest.approx(1.0)
    vec, target = rng.normal(size=3), np.eye(3)[seed % 3]
    np.testing.assert_allclose(align_matrix(vec, target) @ vec, target * np.linalg.norm(vec),
                               atol=1e-9)


def test_align_matrix_antiparallel_turns_round():
    rot = align_matrix(np.array([0, 0, -2.0]), np.array([0, 0, 1.0]))
    np.testing.assert_allclose(rot @ [0, 0, -2.0], [0, 0, 2.0], atol=1e-12)


def test_prenormalize3d_recovers_canonical_view_of_rotated_shifted_body():
    rng = np.random.default_rng(0)
    body = _upright_body(rng)
    rot = _random_rotation(rng)
    moved = body @ rot.T + [1.0, -2.0, 3.0]
    moved = np.concatenate([np.zeros((1, 2, 25, 3)), moved], axis=1)  # two empty frames first
    out = PreNormalize3D()(dict(keypoint=moved.astype(np.float32), total_frames=8))
    kp = out['keypoint']
    assert out['total_frames'] == 6 and kp.shape == (1, 6, 25, 3) and kp.dtype == np.float32
    spine, shoulders = kp[0, 0, 1] - kp[0, 0, 0], kp[0, 0, 4] - kp[0, 0, 8]
    np.testing.assert_allclose(spine / np.linalg.norm(spine), [0, 0, 1], atol=1e-5)
    np.testing.assert_allclose(shoulders / np.linalg.norm(shoulders), [1, 0, 0], atol=1e-5)
    np.testing.assert_allclose(kp[0, 0, 1], 0, atol=1e-5)
    # a rigid motion of the original body: the result is the body centred on joint 1
    np.testing.assert_allclose(kp, body - body[0, 0, 1], atol=1e-4)


def test_prenormalize3d_main_person_and_absent_joints():
    rng = np.random.default_rng(1)
    kp = np.zeros((2, 5, 25, 3), np.float32)
    kp[1] = _upright_body(rng, 5)[0] + 1  # the second person is the only one present
    kp[0, 2] = _upright_body(rng, 1)[0, 0]
    out = PreNormalize3D(align_spine=False)(dict(keypoint=kp, total_frames=5))
    assert out['keypoint'].shape == (2, 5, 25, 3)
    np.testing.assert_allclose(out['body_center'], kp[1, 0, 1])
    # person 0 (formerly 1) is present everywhere; the absent frames of the other stay zero
    assert not out['keypoint'][1, [0, 1, 3, 4]].any()


@pytest.mark.parametrize('yaw', [0.7, -2.0, np.pi])
def test_prenormalize3d_yaw_alignment_undoes_a_turn_about_the_vertical_only(yaw):
    rng = np.random.default_rng(3)
    kp = rng.normal(size=(1, 6, 20, 3)).astype(np.float32)
    cos, sin = np.cos(yaw), np.sin(yaw)
    about_y = np.array([[cos, 0, sin], [0, 1, 0], [-sin, 0, cos]], np.float32)
    align = PreNormalize3D(align_spine=False, yaw_axis=1, xaxis=(4, 8))
    out = align(dict(keypoint=kp.copy(), total_frames=6))['keypoint']
    turned = align(dict(keypoint=kp @ about_y.T, total_frames=6))['keypoint']
    np.testing.assert_allclose(turned, out, atol=1e-5)
    across = (out[0, :, 8] - out[0, :, 4]).mean(0)
    assert across[0] > 0 and abs(across[2]) < 1e-5
    # heights are untouched: a turn about y, not a tilt
    np.testing.assert_allclose(out[..., 1], (kp - kp[0, 0, 1])[..., 1], atol=1e-5)


def test_prenormalize3d_yaw_axis_needs_spine_alignment_off():
    with pytest.raises(ValueError, match='yaw_axis'):
        PreNormalize3D(yaw_axis=1)
    with pytest.raises(ValueError, match='yaw_axis'):
        PreNormalize3D(align_spine=False, yaw_axis=3)


def test_prenormalize3d_rejects_2d():
    with pytest.raises(ValueError, match="'s1'.*PreNormalize3D"):
        PreNormalize3D()(dict(frame_dir='s1', keypoint=np.ones((1, 3, 25, 2)), total_frames=3))


def test_prenormalize2d_fix_and_auto():
    kp = np.array([[[[0, 0], [1920, 1080], [960, 540]]]], np.float32)
    out = PreNormalize2D(img_shape=(1080, 1920))(dict(keypoint=kp.copy()))
    np.testing.assert_allclose(out['keypoint'][0, 0], [[-1, -1], [1, 1], [0, 0]])
    kp = np.array([[[[10, 20], [30, 60], [0, 0]]]], np.float32)
    score = np.array([[[1, 1, 0]]], np.float32)
    out = PreNormalize2D(mode='auto')(dict(keypoint=kp, keypoint_score=score))
    # box centre (20, 40), half of the longer side 20
    np.testing.assert_allclose(out['keypoint'][0, 0], [[-0.5, -1], [0.5, 1], [0, 0]])
    with pytest.raises(ValueError, match='mode'):
        PreNormalize2D(mode='box')


def test_centre_frame_is_the_original_kinetics_feeder_centralisation(shared_data):
    from stgcn_kit.datasets.raw.kinetics import read_clip
    from stgcn_kit.datasets.transforms import CentreFrame
    clip = shared_data / 'kinetics-skeleton' / 'kinetics_train' / 'cU1fyH2QssA.json'
    record = read_clip(str(clip))
    kp, score = record['keypoint'].copy(), record['keypoint_score']
    out = CentreFrame()(dict(record))['keypoint']
    # st-gcn's feeder_kinetics, element by element: x - 0.5, y - 0.5, then 0 where score is 0
    expected = np.zeros_like(kp)
    for m, t, v in np.ndindex(*score.shape):
        if score[m, t, v] != 0:
            expected[m, t, v] = kp[m, t, v] - 0.5
    assert (score == 0).any() and (score > 0).any()
    np.testing.assert_allclose(out, expected, atol=1e-7)


def test_centre_frame_in_pixels_uses_the_record_img_shape():
    from stgcn_kit.datasets.transforms import CentreFrame
    kp = np.array([[[[960., 540.], [0., 1080.]]]], dtype=np.float32)  # (1, 1, 2, 2)
    out = CentreFrame()(dict(keypoint=kp, img_shape=(1080, 1920)))['keypoint']
    np.testing.assert_allclose(out[0, 0], [[0, 0], [-960, 540]])

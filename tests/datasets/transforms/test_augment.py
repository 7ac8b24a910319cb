import numpy as np
import pytest

from stgcn_kit.datasets.transforms import (
    RandomChooseFrames,
    RandomGaussianNoise,
    RandomMove,
    RandomRot,
    RandomScale,
    RandomShift,
    SkeletonFlip,
)
from stgcn_kit.datasets.transforms.augment import euler_matrix
from stgcn_kit.skeleton import get_layout


def _skeleton(shape, seed=0):
    return np.random.default_rng(seed).normal(size=shape).astype(np.float32)


@pytest.mark.parametrize('seed', range(4))
def test_euler_matrix_is_proper_rotation(seed):
    rot = euler_matrix(np.random.default_rng(seed).uniform(-np.pi, np.pi, size=3))
    np.testing.assert_allclose(rot @ rot.T, np.eye(3), atol=1e-12)
    assert np.linalg.det(rot) == pytest.approx(1.0)


def test_random_rot_3d_is_one_rigid_rotation():
    kp = _skeleton((2, 5, 25, 3))
    np.random.seed(0)
    out = RandomRot(theta=0.3)(dict(keypoint=kp.copy()))['keypoint']
    assert out.dtype == np.float32
    rot, *_ = np.linalg.lstsq(kp.reshape(-1, 3), out.reshape(-1, 3), rcond=None)
    np.testing.assert_allclose(rot.T @ rot, np.eye(3), atol=1e-5)
    assert np.linalg.det(rot) == pytest.approx(1.0, abs=1e-5)
    np.testing.assert_allclose(kp.reshape(-1, 3) @ rot, out.reshape(-1, 3), atol=1e-5)
    # each elementary angle is at most 0.3, so the composed rotation turns by less than 0.9
    assert np.arccos((np.trace(rot) - 1) / 2) < 0.9


def test_random_rot_3d_per_axis_angles():
    # a point on each axis shows each elementary angle: only z turns when theta is (0, 0, t)
    axes = np.eye(3, dtype=np.float32).reshape(1, 1, 3, 3)
    np.random.seed(0)
    turned = []
    for _ in range(200):
        out = RandomRot(theta=(0, 0, 1.0))(dict(keypoint=axes.copy()))['keypoint'][0, 0]
        np.testing.assert_allclose(out[2], [0, 0, 1], atol=1e-6)  # the z axis stays
        turned.append(np.arctan2(out[0, 1], out[0, 0]))
    assert max(np.abs(turned)) <= 1.0 + 1e-6 and max(np.abs(turned)) > 0.9
    with pytest.raises(ValueError, match="'s'.*theta=\\(0.1, 0.1\\)"):
        RandomRot(theta=(0.1, 0.1))(dict(frame_dir='s', keypoint=axes))
    with pytest.raises(ValueError, match="'s'.*1 or 3 angles"):
        RandomRot(theta=(0.1, 0.1, 0.1))(dict(frame_dir='s', keypoint=axes[..., :2]))


def _planar_angles(rot, draws=400):
    point = np.zeros((1, 1, 1, 2), np.float32)
    point[..., 0] = 1
    np.random.seed(0)
    angles = []
    for _ in range(draws):
        x, y = rot(dict(keypoint=point.copy()))['keypoint'][0, 0, 0]
        assert x * x + y * y == pytest.approx(1.0, abs=1e-6)
        angles.append(np.arctan2(y, x))
    return np.array(angles)


def test_random_rot_2d_angles_are_pyskls_by_default_symmetric_by_name():
    # PYSKL's np.random.uniform(-theta) draws from [-theta, 1): 1.3 wide, 1/1.3 of it above 0
    pyskl = _planar_angles(RandomRot(theta=0.3))
    assert pyskl.min() >= -0.3 - 1e-6 and pyskl.max() <= 1 + 1e-6 and pyskl.max() > 0.9
    assert np.mean(pyskl > 0.3) == pytest.approx(0.7 / 1.3, abs=0.07)
    symmetric = _planar_angles(RandomRot(theta=0.3, symmetric_2d=True))
    assert np.abs(symmetric).max() <= 0.3 + 1e-6
    assert np.mean(symmetric > 0) == pytest.approx(0.5, abs=0.07)
    # an all-zero skeleton is left alone and draws nothing
    np.random.seed(3)
    state = np.random.get_state()[1].copy()
    RandomRot()(dict(keypoint=np.zeros((1, 2, 3, 2), np.float32)))
    assert np.array_equal(np.random.get_state()[1], state) and np.random.get_state()[2] == 624


def test_random_scale_one_factor_per_axis_within_range():
    kp = _skeleton((1, 4, 5, 3)) + 3
    np.random.seed(1)
    for _ in range(20):
        out = RandomScale(scale=(0.1, 0.2, 0.0))(dict(keypoint=kp.copy()))['keypoint']
        ratio = out / kp
        np.testing.assert_allclose(ratio, np.broadcast_to(ratio[0, 0, 0], ratio.shape), rtol=1e-5)
        assert np.all(np.abs(ratio[0, 0, 0] - 1) <= [0.1 + 1e-6, 0.2 + 1e-6, 1e-6])
    with pytest.raises(ValueError, match="'s'.*2 scales"):
        RandomScale(scale=(0.1, 0.1))(dict(frame_dir='s', keypoint=kp))


@pytest.mark.parametrize('base', ['frame', 'video'])
def test_gaussian_noise_scaled_by_body_size_and_absent_frames_kept(base):
    kp = _skeleton((2, 50, 25, 3))
    kp[1, 10:] = 0
    np.random.seed(2)
    out = RandomGaussianNoise(sigma=0.01, base=base)(dict(keypoint=kp.copy()))['keypoint']
    assert not out[1, 10:].any()
    present = kp[0]
    if base == 'frame':
        size = np.linalg.norm(present.max(1) - present.min(1), axis=-1)[:, None, None]
    else:
        valid = np.concatenate([kp[0], kp[1, :10]])
        size = np.linalg.norm(valid.max((0, 1)) - valid.min((0, 1)))
    ratio = (out[0] - kp[0]) / (0.01 * size)
    assert abs(ratio.std() - 1) < 0.1 and abs(ratio.mean()) < 0.1


def _brute_force_affine(kp, angle_deg, scale, tx, ty):
    out = kp.astype(np.float64).copy()
    for t in range(kp.shape[1]):
        a = np.deg2rad(angle_deg[t])
        for m in range(kp.shape[0]):
            for v in range(kp.shape[2]):
                x, y = kp[m, t, v, :2]
                out[m, t, v, 0] = scale[t] * (np.cos(a) * x - np.sin(a) * y) + tx[t]
                out[m, t, v, 1] = scale[t] * (np.sin(a) * x + np.cos(a) * y) + ty[t]
    return out


def test_random_move_fixed_candidates_match_brute_force():
    kp = _skeleton((2, 6, 4, 3))
    out = RandomMove([90.], [2.], [0.5], [1])(dict(keypoint=kp.copy()))['keypoint']
    ones = np.ones(6)
    np.testing.assert_allclose(out, _brute_force_affine(kp, 90 * ones, 2 * ones, 0.5 * ones,
                                                        0.5 * ones), atol=1e-5)


def test_random_move_interpolates_angle_between_key_frames():
    kp = np.zeros((1, 11, 1, 2), np.float32)
    kp[..., 0] = 1
    np.random.seed(3)
    out = RandomMove([0., 30.], [1.], [0.], [1])(dict(keypoint=kp))['keypoint']
    angle = np.rad2deg(np.arctan2(out[0, :, 0, 1], out[0, :, 0, 0]))
    assert {round(angle[0]), round(angle[-1])} <= {0, 30}
    np.testing.assert_allclose(angle, np.linspace(angle[0], angle[-1], 11), atol=1e-3)


def test_random_choose_frames_crops_a_window_or_pads():
    kp = _skeleton((1, 10, 2, 3))
    np.random.seed(4)
    out = RandomChooseFrames(4)(dict(keypoint=kp.copy(), total_frames=10))
    start = [s for s in range(7) if np.array_equal(kp[:, s:s + 4], out['keypoint'])]
    assert len(start) == 1 and out['total_frames'] == 4
    out = RandomChooseFrames(15)(dict(keypoint=kp.copy(), total_frames=10))
    kept = np.flatnonzero(np.abs(out['keypoint']).sum((0, 2, 3)) > 0)
    assert out['keypoint'].shape[1] == 15 and len(kept) == 10
    np.testing.assert_array_equal(out['keypoint'][:, kept[0]:kept[0] + 10], kp)


def test_random_shift_moves_the_non_empty_span():
    kp = np.zeros((2, 12, 2, 3), np.float32)
    kp[:, 3:7] = _skeleton((2, 4, 2, 3))
    score = np.abs(kp[..., 0])
    np.random.seed(5)
    out = RandomShift()(dict(keypoint=kp.copy(), keypoint_score=score.copy()))
    kept = np.flatnonzero(np.abs(out['keypoint']).sum((0, 2, 3)) > 0)
    assert out['keypoint'].shape == kp.shape and len(kept) == 4
    np.testing.assert_array_equal(out['keypoint'][:, kept], kp[:, 3:7])
    np.testing.assert_array_equal(out['keypoint_score'][:, kept], score[:, 3:7])


def test_skeleton_flip_mirrors_x_and_swaps_the_layouts_pairs():
    rng = np.random.default_rng(0)
    kp = rng.normal(size=(2, 3, 25, 3)).astype(np.float32)
    score = rng.uniform(size=(2, 3, 25)).astype(np.float32)
    out = SkeletonFlip('nturgb+d', flip_ratio=1)(dict(keypoint=kp.copy(), keypoint_score=score))
    names = get_layout('nturgb+d').names
    assert out['flip']
    for v, name in enumerate(names):
        mirror = names.index(name.replace('left_', 'RIGHT_').replace('right_', 'left_')
                             .replace('RIGHT_', 'right_'))
        np.testing.assert_array_equal(out['keypoint'][..., v, 0], -kp[..., mirror, 0])
        np.testing.assert_array_equal(out['keypoint'][..., v, 1:], kp[..., mirror, 1:])
        np.testing.assert_array_equal(out['keypoint_score'][..., v], score[..., mirror])
    twice = SkeletonFlip('nturgb+d', flip_ratio=1)(dict(out))
    np.testing.assert_array_equal(twice['keypoint'], kp)


def test_skeleton_flip_ratio_and_explicit_pairs():
    np.random.seed(0)
    flip = SkeletonFlip(dict(num_node=3, inward=[(1, 0), (2, 0)], center=0), flip_ratio=0.3,
                        left_kp=[1], right_kp=[2])
    kp = np.arange(9, dtype=np.float32).reshape(1, 1, 3, 3)
    flips = [flip(dict(keypoint=kp.copy()))['flip'] for _ in range(2000)]
    assert abs(np.mean(flips) - 0.3) < 0.04
    out = SkeletonFlip('coco', flip_ratio=0, left_kp=[0], right_kp=[1])(dict(keypoint=kp))
    assert not out['flip'] and out['keypoint'] is kp
    mirrored = SkeletonFlip('coco', flip_ratio=1, left_kp=[1], right_kp=[2])(
        dict(keypoint=np.ones((1, 1, 17, 3), np.float32) * np.arange(17)[:, None]))['keypoint']
    assert mirrored[0, 0, :4, 1].tolist() == [0, 2, 1, 3]
    with pytest.raises(ValueError, match='names no left/right'):
        SkeletonFlip('handmp')
    with pytest.raises(ValueError, match='equal length'):
        SkeletonFlip('coco', left_kp=[1, 3], right_kp=[2])

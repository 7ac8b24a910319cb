"""GeneratePoseTarget against hand-computed Gaussians, a brute-force limb distance field and
PYSKL's own output (tests/data/posec3d/pyskl_pipeline.npz, see its README)."""
from pathlib import Path

import numpy as np
import pytest

from stgcn_kit.datasets.transforms import GeneratePoseTarget

REF = Path(__file__).resolve().parents[2] / 'data' / 'posec3d' / 'pyskl_pipeline.npz'
LEFT_KP, RIGHT_KP = [1, 3, 5, 7, 9, 11, 13, 15], [2, 4, 6, 8, 10, 12, 14, 16]
PYSKL_LIMBS = [[0, 5], [0, 6], [5, 7], [7, 9], [6, 8], [8, 10], [5, 11], [11, 13], [13, 15],
               [6, 12], [12, 14], [14, 16], [0, 1], [0, 2], [1, 3], [2, 4], [11, 12]]


def _one_joint(x, y, score, h=10, w=12, sigma=1.0):
    res = dict(keypoint=np.array([[[[x, y]]]], np.float32),
               keypoint_score=np.array([[[score]]], np.float32), img_shape=(h, w))
    return GeneratePoseTarget(sigma=sigma)(res)['imgs'][0, 0]


def test_gaussian_at_hand_computed_points():
    hm = _one_joint(5.0, 4.0, 0.8)
    assert hm.shape == (10, 12)
    assert hm[4, 5] == pytest.approx(0.8)
    assert hm[4, 6] == pytest.approx(0.8 * np.exp(-0.5))
    assert hm[5, 6] == pytest.approx(0.8 * np.exp(-1.0))
    assert hm[4, 8] == pytest.approx(0.8 * np.exp(-4.5))   # 3 sigma away: still drawn
    assert hm[4, 9] == 0 and hm[8, 5] == 0                  # outside the 3-sigma window
    assert hm[1, 5] == pytest.approx(0.8 * np.exp(-4.5))
    assert np.count_nonzero(hm) == 7 * 7


def test_low_score_and_off_image_joints_draw_nothing():
    assert not _one_joint(5.0, 4.0, 5e-4).any()
    assert not _one_joint(-10.0, 4.0, 1.0).any()
    edge = _one_joint(-1.0, 4.0, 1.0)  # centre off the frame, its tail inside
    assert edge[4, 0] == pytest.approx(np.exp(-0.5)) and edge[4, 1] == pytest.approx(np.exp(-2))


def _segment_field(a, b, sa, sb, h, w, sigma):
    """Brute force: per pixel, the distance to segment ab, inside PYSKL's 3-sigma box; PYSKL
    draws a limb shorter than one pixel as its start joint with the start score."""
    out = np.zeros((h, w))
    if np.sum((b - a) ** 2) < 1:
        b, sb = a, sa
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    for y in range(h):
        for x in range(w):
            if not (max(int(lo[0] - 3 * sigma), 0) <= x < int(hi[0] + 3 * sigma) + 1 and
                    max(int(lo[1] - 3 * sigma), 0) <= y < int(hi[1] + 3 * sigma) + 1):
                continue
            p = np.array([x, y], float)
            t = np.clip(np.dot(p - a, b - a) / max(np.dot(b - a, b - a), 1e-12), 0, 1)
            d2 = np.sum((p - (a + t * (b - a))) ** 2)
            out[y, x] = min(sa, sb) * np.exp(-d2 / 2 / sigma ** 2)
    return out


def test_limb_field_equals_brute_force_distance_to_segment():
    rng = np.random.RandomState(3)
    h, w, sigma = 14, 18, 1.5
    kp = (rng.rand(2, 3, 4, 2) * [w, h]).astype(np.float32)
    score = rng.uniform(0.2, 1, size=(2, 3, 4)).astype(np.float32)
    limbs = [(0, 1), (1, 2), (3, 0)]
    hm = GeneratePoseTarget(sigma=sigma, with_kp=False, with_limb=True, skeletons=limbs)(
        dict(keypoint=kp, keypoint_score=score, img_shape=(h, w)))['imgs']
    assert hm.shape == (3, 3, h, w)
    for t in range(3):
        for i, (j, k) in enumerate(limbs):
            expect = np.max([_segment_field(kp[m, t, j].astype(float), kp[m, t, k].astype(float),
                                            score[m, t, j], score[m, t, k], h, w, sigma)
                             for m in range(2)], axis=0)
            np.testing.assert_allclose(hm[t, i], expect, atol=1e-6)


@pytest.fixture(scope='module')
def ref():
    return np.load(REF)


CASES = {
    'kp': dict(),
    'kp_noscore': dict(use_score=False),
    'kp_sigma2': dict(sigma=2.0),
    'kp_double': dict(double=True, left_kp=LEFT_KP, right_kp=RIGHT_KP),
    'kp_scaling': dict(scaling=0.5),
    'limb': dict(with_kp=False, with_limb=True),
    'limb_sigma2': dict(with_kp=False, with_limb=True, sigma=2.0),
    'limb_double': dict(with_kp=False, with_limb=True, skeletons=PYSKL_LIMBS, double=True,
                        left_limb=[0, 2, 3, 6, 7, 8, 12, 14],
                        right_limb=[1, 4, 5, 9, 10, 11, 13, 15]),
}


@pytest.mark.parametrize('case', sorted(CASES))
def test_equals_pyskl(ref, case):
    res = dict(keypoint=ref['hm_keypoint'].copy(), keypoint_score=ref['hm_keypoint_score'],
               img_shape=tuple(ref['hm_img_shape']))
    out = GeneratePoseTarget(**CASES[case])(res)['imgs']
    assert out.dtype == np.float32 and out.shape == ref[f'hm_{case}'].shape
    np.testing.assert_allclose(out, ref[f'hm_{case}'], atol=2e-6)


def test_double_appends_the_mirror_with_sides_swapped():
    rng = np.random.RandomState(1)
    kp = (rng.rand(1, 2, 3, 2) * 9).astype(np.float32)
    res = dict(keypoint=kp, img_shape=(9, 11))
    out = GeneratePoseTarget(double=True, left_kp=[1], right_kp=[2])(res)['imgs']
    assert out.shape == (4, 3, 9, 11)
    np.testing.assert_array_equal(out[2:, 0], out[:2, 0, :, ::-1])
    np.testing.assert_array_equal(out[2:, 1], out[:2, 2, :, ::-1])
    np.testing.assert_array_equal(out[2:, 2], out[:2, 1, :, ::-1])


def test_existing_imgs_get_a_separate_key_and_errors_name_the_sample():
    res = dict(keypoint=np.zeros((1, 1, 2, 2), np.float32), img_shape=(4, 4), imgs='rgb')
    assert GeneratePoseTarget()(res)['heatmap_imgs'].shape == (1, 2, 4, 4)
    with pytest.raises(ValueError, match="'clip7'.*img_shape"):
        GeneratePoseTarget()(dict(keypoint=np.zeros((1, 1, 2, 2)), frame_dir='clip7'))
    with pytest.raises(ValueError, match='exactly one'):
        GeneratePoseTarget(with_kp=True, with_limb=True)
    with pytest.raises(ValueError, match='joint 16'):
        GeneratePoseTarget(with_kp=False, with_limb=True)(
            dict(keypoint=np.zeros((1, 1, 5, 2)), img_shape=(4, 4)))

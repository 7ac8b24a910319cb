"""PoseCompact, Resize, the crops and Flip against hand-made layouts, PYSKL's output
(tests/data/posec3d/pyskl_pipeline.npz) and, for the random ones, their distributions."""
from pathlib import Path

import numpy as np
import pytest

from stgcn_kit.datasets.transforms import CenterCrop, Flip, PoseCompact, RandomResizedCrop, Resize

REF = Path(__file__).resolve().parents[2] / 'data' / 'posec3d' / 'pyskl_pipeline.npz'
LEFT_KP, RIGHT_KP = [1, 3, 5, 7, 9, 11, 13, 15], [2, 4, 6, 8, 10, 12, 14, 16]

PYSKL_CASES = {
    'compact_pad': [PoseCompact(hw_ratio=1., allow_imgpad=True)],
    'compact_nopad': [PoseCompact(padding=0.5, hw_ratio=(0.5, 2.), allow_imgpad=False)],
    'resize_short': [Resize(scale=(-1, 64))],
    'resize_fixed': [Resize(scale=(56, 48), keep_ratio=False)],
    'resize_float': [Resize(scale=0.5)],
    'centercrop': [CenterCrop(crop_size=(300, 200))],
    'flip': [Flip(flip_ratio=1., left_kp=LEFT_KP, right_kp=RIGHT_KP)],
    'test_chain': [PoseCompact(hw_ratio=1., allow_imgpad=True),
                   Resize(scale=(64, 64), keep_ratio=False)],
}


@pytest.mark.parametrize('case', sorted(PYSKL_CASES))
def test_equals_pyskl(case):
    ref = np.load(REF)
    res = dict(keypoint=ref['geo_keypoint'].copy(), keypoint_score=ref['geo_keypoint_score'],
               img_shape=(480, 640))
    for t in PYSKL_CASES[case]:
        res = t(res)
    assert tuple(res['img_shape']) == tuple(ref[f'geo_{case}_img_shape'])
    np.testing.assert_allclose(res['keypoint'], ref[f'geo_{case}_keypoint'], rtol=1e-6)
    np.testing.assert_array_equal(res['keypoint_score'], ref[f'geo_{case}_score'])


def test_flip_of_a_known_layout():
    # joint 0 missing (0, 0); joints 1 and 2 are a left/right pair in a 10-pixel-wide frame
    kp = np.array([[[[0, 0], [2, 5], [7, 6]]]], np.float32)
    score = np.array([[[0.0, 0.9, 0.4]]], np.float32)
    out = Flip(flip_ratio=1, left_kp=[1], right_kp=[2])(
        dict(keypoint=kp, keypoint_score=score, img_shape=(8, 10)))
    np.testing.assert_array_equal(out['keypoint'][0, 0], [[0, 0], [3, 6], [8, 5]])
    np.testing.assert_array_equal(out['keypoint_score'][0, 0], score[0, 0, [0, 2, 1]])
    assert out['flip'] is True


def test_flip_happens_with_flip_ratio_and_maps_labels():
    np.random.seed(0)
    flips = [Flip(flip_ratio=0.3)(dict(keypoint=np.ones((1, 1, 1, 2)), img_shape=(4, 4)))['flip']
             for _ in range(2000)]
    assert abs(np.mean(flips) - 0.3) < 0.035
    out = Flip(flip_ratio=1, flip_label_map={3: 4})(
        dict(keypoint=np.ones((1, 1, 1, 2)), img_shape=(4, 4), label=3))
    assert out['label'] == 4


def test_resize_short_side_and_pose_compact_by_hand():
    kp = np.array([[[[100, 50], [300, 250]]]], np.float32)
    out = Resize(scale=(-1, 64))(dict(keypoint=kp, img_shape=(480, 640)))
    assert out['img_shape'] == (64, 85)  # 640 * 64 / 480 = 85.3
    np.testing.assert_allclose(out['keypoint'][0, 0], [[100 * 85 / 640, 50 * 64 / 480],
                                                      [300 * 85 / 640, 250 * 64 / 480]])
    # sizes round to the nearest pixel: 650 * 64 / 480 = 86.7
    assert Resize(scale=(-1, 64))(dict(keypoint=kp, img_shape=(480, 650)))['img_shape'] == (
        64, 87)
    # box x 100..300, y 50..250, centre (200, 150), half side 100 * 1.25
    out = PoseCompact()(dict(keypoint=kp, img_shape=(480, 640)))
    assert out['img_shape'] == (250, 250)
    np.testing.assert_allclose(out['keypoint'][0, 0], [[25, 25], [225, 225]])
    # a box thinner than threshold pixels is left alone
    thin = np.array([[[[100, 50], [105, 250]]]], np.float32)
    out = PoseCompact()(dict(keypoint=thin.copy(), img_shape=(480, 640)))
    assert out['img_shape'] == (480, 640)
    np.testing.assert_array_equal(out['keypoint'], thin)


def test_random_resized_crop_distribution():
    np.random.seed(1)
    crop = RandomResizedCrop(area_range=(0.56, 1.0))
    shares, ratios = [], []
    for _ in range(2000):
        out = crop(dict(keypoint=np.full((1, 1, 1, 2), 30, np.float32), img_shape=(60, 80)))
        left, top, right, bottom = out['crop_bbox']
        assert 0 <= left < right <= 80 and 0 <= top < bottom <= 60
        assert out['img_shape'] == (bottom - top, right - left)
        np.testing.assert_array_equal(out['keypoint'][0, 0, 0], [30 - left, 30 - top])
        shares.append((right - left) * (bottom - top) / 4800)
        ratios.append((right - left) / (bottom - top))
    shares, ratios = np.array(shares), np.array(ratios)
    assert shares.min() > 0.5 and shares.max() <= 1
    # areas that fit are uniform in the range, minus the big ones that often do not fit
    assert 0.65 < np.median(shares) < 0.8
    assert ratios.min() > 0.7 and ratios.max() < 1.4 and np.std(np.log(ratios)) > 0.05


def test_center_crop_and_clear_errors():
    out = CenterCrop(40)(dict(keypoint=np.full((1, 1, 1, 2), 50, np.float32),
                              img_shape=(60, 100)))
    assert out['img_shape'] == (40, 40)
    np.testing.assert_array_equal(out['crop_bbox'], [30, 10, 70, 50])
    np.testing.assert_array_equal(out['keypoint'][0, 0, 0], [20, 40])
    with pytest.raises(ValueError, match="'s1'.*img_shape"):
        Resize(0.5)(dict(keypoint=np.ones((1, 1, 1, 2)), frame_dir='s1'))
    with pytest.raises(ValueError, match='keep_ratio'):
        Resize(scale=(-1, 64), keep_ratio=False)
    with pytest.raises(ValueError, match='horizontal'):
        Flip(direction='vertical')

"""PinholeProject against hand-computed pixels and real NW-UCLA skeletons."""
import pickle

import numpy as np
import pytest

from stgcn_kit.datasets.transforms import PinholeProject


def test_hand_computed_pixels_and_missing_joints():
    # on the axis -> principal point; 1 m right and 0.5 m up at 2 m -> f/2 right, f/4 up
    kp = np.array([[[[0, 0, 3], [1, 0.5, 2], [0, 0, 0], [0.2, 0.1, -1]]]], np.float32)
    out = PinholeProject()(dict(keypoint=kp))
    np.testing.assert_allclose(out['keypoint'][0, 0],
                               [[320, 240], [320 + 571.26 / 2, 240 - 571.26 / 4], [0, 0], [0, 0]],
                               rtol=1e-6)
    np.testing.assert_array_equal(out['keypoint_score'][0, 0], [1, 1, 0, 0])
    assert out['img_shape'] == (480, 640)
    custom = PinholeProject(focal=(100, 200), center=(10, 20), img_shape=(40, 30))(
        dict(keypoint=kp, keypoint_score=np.full((1, 1, 4), 0.5, np.float32)))
    np.testing.assert_allclose(custom['keypoint'][0, 0, 1], [10 + 50, 20 - 50])
    np.testing.assert_array_equal(custom['keypoint_score'][0, 0], [0.5, 0.5, 0, 0])
    with pytest.raises(ValueError, match="'x'.*\\(M, T, V, 3\\)"):
        PinholeProject()(dict(keypoint=np.zeros((1, 2, 3, 2)), frame_dir='x'))


def test_real_nwucla_skeletons_land_upright_in_the_depth_image(tiny_nwucla):
    with open(tiny_nwucla, 'rb') as f:
        records = pickle.load(f)['annotations']
    inside, upright = [], []
    for record in records:
        uv = PinholeProject()(dict(keypoint=record['keypoint']))['keypoint'][0]
        inside.append(np.mean((uv[..., 0] >= 0) & (uv[..., 0] < 640) &
                              (uv[..., 1] >= 0) & (uv[..., 1] < 480)))
        # the head (joint 3) is above the hip centre (joint 0): a smaller row
        upright.append(np.mean(uv[:, 3, 1] < uv[:, 0, 1]))
    assert np.mean(inside) > 0.99 and np.mean(upright) > 0.95

import numpy as np
import pytest
import torch
from mmengine.dataset import default_collate

from stgcn_kit.datasets.transforms import FormatGCNInput, PackActionInputs


def _people(m, t=6, v=4, c=3):
    return np.random.default_rng(m).normal(size=(m, t, v, c)).astype(np.float32)


def test_zero_pads_and_truncates_persons():
    kp = _people(1)
    out = FormatGCNInput(num_person=3)(dict(keypoint=kp))['keypoint']
    assert out.shape == (1, 3, 6, 4, 3)  # (num_clips, M, T, V, C), as PYSKL's
    np.testing.assert_array_equal(out[0, 0], kp[0])
    assert not out[0, 1:].any()
    out = FormatGCNInput(num_person=2)(dict(keypoint=_people(4)))['keypoint']
    np.testing.assert_array_equal(out[0], _people(4)[:2])


def test_loop_mode_repeats_persons():
    kp = _people(2)
    out = FormatGCNInput(num_person=5, mode='loop')(dict(keypoint=kp))['keypoint']
    assert out.shape == (1, 5) + kp.shape[1:]
    for m in range(5):
        np.testing.assert_array_equal(out[0, m], kp[m % 2])


def test_clips_are_split_as_pyskl_and_score_merged():
    kp = _people(2, t=6, c=2)
    score = np.random.default_rng(9).uniform(size=(2, 6, 4)).astype(np.float32)
    out = FormatGCNInput(num_person=2)(dict(keypoint=kp, keypoint_score=score, num_clips=3))
    assert out['keypoint'].shape == (3, 2, 2, 4, 3) and 'keypoint_score' not in out
    for clip in range(3):
        for m in range(2):
            frames = slice(2 * clip, 2 * clip + 2)
            np.testing.assert_array_equal(out['keypoint'][clip, m, :, :, :2], kp[m, frames])
            np.testing.assert_array_equal(out['keypoint'][clip, m, :, :, 2], score[m, frames])
    with pytest.raises(ValueError, match="'odd'.*clips"):
        FormatGCNInput()(dict(frame_dir='odd', keypoint=kp, num_clips=4))


def test_pack_action_inputs_and_collate():
    results = [dict(keypoint=_people(2)[None].astype(np.float64), label=i, frame_dir=f'v{i}',
                    num_clips=1, total_frames=6, unrelated=1) for i in range(2)]
    packed = [PackActionInputs()(r) for r in results]
    assert packed[0]['inputs'].dtype == torch.float32
    np.testing.assert_allclose(packed[0]['inputs'].numpy(), _people(2)[None])
    sample = packed[1]['data_samples']
    assert sample.gt_label.tolist() == [1] and sample.frame_dir == 'v1'
    assert 'unrelated' not in sample.metainfo and sample.total_frames == 6
    batch = default_collate(packed)
    assert batch['inputs'].shape == (2, 1, 2, 6, 4, 3)
    with pytest.raises(ValueError, match="'flat'.*FormatGCNInput"):
        PackActionInputs()(dict(frame_dir='flat', keypoint=np.zeros((2, 6, 4, 3))))


def test_format_shape_heatmap_layout():
    from stgcn_kit.datasets.transforms import FormatShape
    # 2 views (double) x 3 clips x 4 frames, C=5, H=1, W=1; value encodes (view, clip, t, c)
    v, n, t, c = np.meshgrid(np.arange(2), np.arange(3), np.arange(4), np.arange(5),
                             indexing='ij')
    imgs = (1000 * v + 100 * n + 10 * t + c).reshape(24, 5, 1, 1).astype(np.float32)
    out = FormatShape('NCTHW_Heatmap')(dict(imgs=imgs, num_clips=3, clip_len=4))['imgs']
    assert out.shape == (6, 5, 4, 1, 1)
    for view in range(2):
        for clip in range(3):
            for frame in range(4):
                np.testing.assert_array_equal(out[view * 3 + clip, :, frame, 0, 0],
                                              1000 * view + 100 * clip + 10 * frame
                                              + np.arange(5))
    with pytest.raises(ValueError, match='NCTHW_Heatmap'):
        FormatShape('NCHW')
    packed = PackActionInputs()(dict(imgs=out, keypoint=np.zeros((1, 1, 1, 2)), label=1))
    assert packed['inputs'].shape == (6, 5, 4, 1, 1)


def test_format_shape_channels_last_and_collapse():
    from stgcn_kit.datasets.transforms import FormatShape
    # mmaction2's NCTHW: 2 clips x 3 frames of 1 x 2 pixels, 4 channels last; value (n, t, x, c)
    n, t, x, c = np.meshgrid(np.arange(2), np.arange(3), np.arange(2), np.arange(4),
                             indexing='ij')
    imgs = (1000 * n + 100 * t + 10 * x + c).reshape(6, 1, 2, 4)
    out = FormatShape('NCTHW')(dict(imgs=imgs, num_clips=2, clip_len=3))['imgs']
    assert out.shape == (2, 4, 3, 1, 2)
    assert out[1, 3, 2, 0, 1] == 1000 + 200 + 10 + 3
    one = FormatShape('NCTHW', collapse=True)(dict(imgs=imgs[:3], num_clips=1, clip_len=3))
    assert one['imgs'].shape == one['input_shape'] == (4, 3, 1, 2)
    np.testing.assert_array_equal(one['imgs'], out[0])
    with pytest.raises(ValueError, match='one view'):
        FormatShape('NCTHW', collapse=True)(dict(imgs=imgs, num_clips=2, clip_len=3))

import numpy as np
import pytest

from stgcn_kit.datasets.transforms import PadTo, PoseDecode, UniformSampleFrames
from stgcn_kit.registry import TRANSFORMS


def _inds(sampler, total, **extra):
    return sampler(dict(total_frames=total, **extra))['frame_inds']


def test_alias_registered():
    assert TRANSFORMS.get('UniformSample') is UniformSampleFrames


@pytest.mark.parametrize('total', [1, 7, 10, 15, 20, 33, 300])
@pytest.mark.parametrize('test_mode', [False, True])
def test_indices_in_range_and_shaped(total, test_mode):
    out = UniformSampleFrames(clip_len=10, num_clips=3, test_mode=test_mode)(
        dict(total_frames=total))
    inds = out['frame_inds']
    assert inds.shape == (30, ) and inds.min() >= 0 and inds.max() < total
    assert out['num_clips'] == 3 and out['clip_len'] == 10
    if total >= 10:
        # one pick per segment: each clip is strictly increasing and covers the sequence
        for clip in inds.reshape(3, 10):
            assert (np.diff(clip) > 0).all()
            bounds = np.arange(11) * total // 10
            if total >= 20:
                assert ((clip >= bounds[:-1]) & (clip < bounds[1:])).all()


def test_short_sequence_loops():
    inds = _inds(UniformSampleFrames(clip_len=8, test_mode=True), 3)
    np.testing.assert_array_equal(inds, np.arange(8) % 3)


def test_test_mode_reproducible_and_independent_of_global_rng():
    sampler = UniformSampleFrames(clip_len=10, num_clips=2)
    np.random.seed(1)
    first = _inds(sampler, 57, test_mode=True)
    np.random.seed(2)
    state = np.random.get_state()[1].copy()
    assert (first == _inds(sampler, 57, test_mode=True)).all()
    # the global RNG is left untouched
    assert (np.random.get_state()[1] == state).all()


def test_train_mode_differs_across_calls():
    sampler = UniformSampleFrames(clip_len=10)
    np.random.seed(0)
    draws = {tuple(_inds(sampler, 100)) for _ in range(5)}
    assert len(draws) > 1


def test_p_interval_crops_a_sub_interval():
    np.random.seed(0)
    sampler = UniformSampleFrames(clip_len=5, p_interval=0.2)
    for _ in range(20):
        inds = _inds(sampler, 100)
        assert inds.max() - inds.min() < 20
    with pytest.raises(ValueError, match='p_interval'):
        UniformSampleFrames(clip_len=5, p_interval=(0.5, 1.5))


def test_pose_decode_indexes_frames_as_float32():
    kp = np.arange(2 * 6 * 3 * 3, dtype=np.float16).reshape(2, 6, 3, 3)
    score = np.random.default_rng(0).uniform(size=(2, 6, 3))
    inds = np.array([5, 0, 0, 3])
    out = PoseDecode()(dict(keypoint=kp, keypoint_score=score, frame_inds=inds, total_frames=6))
    assert out['keypoint'].dtype == np.float32 and out['keypoint_score'].dtype == np.float32
    for i, t in enumerate(inds):
        np.testing.assert_array_equal(out['keypoint'][:, i], kp[:, t])
        np.testing.assert_allclose(out['keypoint_score'][:, i], score[:, t], rtol=1e-6)
    with pytest.raises(ValueError, match="'s'.*frame_inds"):
        PoseDecode()(dict(frame_dir='s', keypoint=kp, frame_inds=np.array([6]), total_frames=6))


@pytest.mark.parametrize('mode', ['loop', 'zero'])
def test_pad_to(mode):
    kp = np.random.default_rng(0).normal(size=(1, 3, 2, 3)).astype(np.float32)
    out = PadTo(7, mode=mode)(dict(keypoint=kp, total_frames=3))
    assert out['total_frames'] == 7 and out['keypoint'].shape == (1, 7, 2, 3)
    for t in range(7):
        expected = kp[:, t % 3] if mode == 'loop' or t < 3 else 0 * kp[:, 0]
        np.testing.assert_array_equal(out['keypoint'][:, t], expected)
    with pytest.raises(ValueError, match="'long'.*PadTo"):
        PadTo(2)(dict(frame_dir='long', keypoint=kp, total_frames=3))


@pytest.mark.parametrize('test_mode', [False, True])
def test_interval_draws_off_samples_as_mmaction2(test_mode):
    # mmaction2's sampling: straight to the segment draws, no interval ratio or start
    sampler = UniformSampleFrames(clip_len=10, num_clips=2, test_mode=test_mode,
                                  interval_draws=False)
    np.random.seed(4)
    inds = sampler(dict(total_frames=35))['frame_inds']
    rng = np.random.RandomState(255 if test_mode else 4)
    bounds = np.arange(11) * 35 // 10
    expected = [bounds[:-1] + rng.randint(np.diff(bounds)) for _ in range(2)]
    np.testing.assert_array_equal(inds, np.concatenate(expected))
    # PYSKL's (the default) draws a ratio and a start first, so other frames come out
    np.random.seed(4)
    pyskl = UniformSampleFrames(clip_len=10, num_clips=2, test_mode=test_mode)
    assert not np.array_equal(pyskl(dict(total_frames=35))['frame_inds'], inds)
    with pytest.raises(ValueError, match='p_interval'):
        UniformSampleFrames(clip_len=10, p_interval=(0.5, 1), interval_draws=False)


def test_uniform_sample_decode_cuts_clips_with_the_score_merged():
    from stgcn_kit.datasets.transforms import UniformSampleDecode
    kp = np.arange(2 * 30 * 3 * 2, dtype=np.float32).reshape(2, 30, 3, 2)
    score = np.ones((2, 30, 3), np.float32)
    out = UniformSampleDecode(clip_len=8, num_clips=3)(
        dict(keypoint=kp, keypoint_score=score, test_mode=True))
    assert out['keypoint'].shape == (2, 24, 3, 3) and 'keypoint_score' not in out
    # every clip is a run of frames of the sequence: x of joint 0 is 6 * frame
    frames = out['keypoint'][0, :, 0, 0] / 6
    assert (out['keypoint'][..., 2] == 1).all() and (frames == frames.round()).all()
    for clip in frames.reshape(3, 8):
        assert (np.diff(clip) > 0).all() and clip.max() < 30

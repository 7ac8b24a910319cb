"""Choosing frames: uniform segment sampling, padding to a length, and decoding the choice."""
from typing import Optional, Tuple, Union

import numpy as np
from mmcv.transforms import BaseTransform

from stgcn_kit.registry import TRANSFORMS

from .base import sample_error


def take_frames(results: dict, inds: np.ndarray) -> None:
    """Index ``keypoint`` ``(M, T, V, C)`` and ``keypoint_score`` ``(M, T, V)`` by frame as
    float32 arrays."""
    for key in ('keypoint', 'keypoint_score'):
        if key in results:
            results[key] = np.asarray(results[key])[:, inds].astype(np.float32)


def _segment_inds(num_frames: int, clip_len: int, rng) -> np.ndarray:
    """``clip_len`` increasing indices in ``[0, num_frames)`` for ``num_frames >= clip_len``,
    one random pick per equal segment; with fewer than twice ``clip_len`` frames,
    ``num_frames - clip_len`` random steps of 2. ``rng`` is a ``RandomState`` or the
    ``np.random`` module (the global RNG)."""
    if num_frames < 2 * clip_len:
        skips = np.zeros(clip_len + 1, dtype=np.int64)
        skips[rng.choice(clip_len + 1, num_frames - clip_len, replace=False)] = 1
        return np.arange(clip_len) + np.cumsum(skips)[:-1]
    bounds = np.arange(clip_len + 1) * num_frames // clip_len
    return bounds[:-1] + rng.randint(np.diff(bounds))


def _interval(num_frames: int, p_interval: Tuple[float, float], rng) -> Tuple[int, int]:
    """``(length, start)`` of a random sub-interval holding a ``U(p_interval)`` share of the
    frames, drawn as PYSKL draws it (a ratio, then a start; both draws happen even for
    ``p_interval=(1, 1)``). At least one frame long, where PYSKL would fail."""
    lo, hi = p_interval
    length = max(int((rng.rand() * (hi - lo) + lo) * num_frames), 1)
    return length, rng.randint(num_frames - length + 1)


def _pair_interval(p_interval: Union[float, Tuple[float, float]]) -> Tuple[float, float]:
    if isinstance(p_interval, (int, float)):
        p_interval = (p_interval, p_interval)
    if len(p_interval) != 2 or not 0 < p_interval[0] <= p_interval[1] <= 1:
        raise ValueError(f'p_interval must satisfy 0 < lo <= hi <= 1, got {p_interval}')
    return tuple(p_interval)


def _test_mode(results: dict, test_mode: Optional[bool]) -> bool:
    return test_mode if test_mode is not None else bool(results.get('test_mode', False))


@TRANSFORMS.register_module(name=['UniformSampleFrames', 'UniformSample'])
class UniformSampleFrames(BaseTransform):
    """Sample ``num_clips`` clips of ``clip_len`` frames spread over the sequence, as PYSKL's
    ``UniformSampleFrames`` / ``UniformSample`` (registered under both names) does, draw for
    draw.

    For each clip, a sub-interval holding a ``U(p_interval)`` share of the ``T`` frames is drawn
    (a float ``p`` means ``(p, p)``; with the default 1 it is the whole sequence, but its two
    draws still happen). An interval of at least ``clip_len`` frames is split into ``clip_len``
    segments and one frame drawn from each (below ``2 * clip_len`` frames: ``clip_len``
    consecutive frames with random single skips). A shorter interval gives ``clip_len``
    consecutive frames from a random start (in test mode: clip ``i`` starts at ``i``, or at
    ``i * T' // num_clips`` when the interval ``T'`` has at least ``num_clips`` frames); these
    indices run past the interval and wrap around the whole sequence (modulo ``T``).

    Training draws from numpy's global RNG. In test mode a ``RandomState(seed)`` makes the
    same draws that PYSKL makes after seeding the global RNG, so the indices are the same, but
    the global RNG is left alone. ``test_mode`` defaults to ``results['test_mode']`` (set by
    :class:`PoseDataset`).

    ``interval_draws=False`` is mmaction2's ``UniformSampleFrames`` (0.x and 1.x): no
    sub-interval and none of its two draws per clip (``p_interval`` must stay 1), so the
    segment draws, and the frames, differ from PYSKL's for the same seed.

    Required keys: ``total_frames``. Added: ``frame_inds`` ``(num_clips * clip_len,)``,
    ``clip_len``, ``num_clips``, ``frame_interval`` (None).
    """

    def __init__(self, clip_len: int, num_clips: int = 1,
                 p_interval: Union[float, Tuple[float, float]] = 1, seed: int = 255,
                 test_mode: Optional[bool] = None, interval_draws: bool = True) -> None:
        if clip_len < 1 or num_clips < 1:
            raise ValueError(f'clip_len and num_clips must be >= 1, got {clip_len}, {num_clips}')
        self.clip_len = clip_len
        self.num_clips = num_clips
        self.p_interval = _pair_interval(p_interval)
        if not interval_draws and self.p_interval != (1, 1):
            raise ValueError(f'interval_draws=False (mmaction2\'s sampling) samples the whole '
                             f'sequence; p_interval must be 1, got {p_interval}')
        self.seed = seed
        self.test_mode = test_mode
        self.interval_draws = interval_draws

    def _clip(self, num_frames: int, clip: int, rng, test_mode: bool) -> np.ndarray:
        length, start = _interval(num_frames, self.p_interval, rng) if self.interval_draws \
            else (num_frames, 0)
        if length >= self.clip_len:
            inds = _segment_inds(length, self.clip_len, rng)
        elif test_mode:
            first = clip if length < self.num_clips else clip * length // self.num_clips
            inds = np.arange(first, first + self.clip_len)
        else:
            inds = np.arange(self.clip_len) + rng.randint(length)
        return (start + inds) % num_frames

    def transform(self, results: dict) -> dict:
        num_frames = int(results['total_frames'])
        if num_frames < 1:
            raise sample_error(results, 'UniformSampleFrames got a sequence with no frames')
        test_mode = _test_mode(results, self.test_mode)
        rng = np.random.RandomState(self.seed) if test_mode else np.random
        clips = [self._clip(num_frames, i, rng, test_mode) for i in range(self.num_clips)]
        results['frame_inds'] = np.concatenate(clips).astype(np.int64)
        results['clip_len'] = self.clip_len
        results['frame_interval'] = None
        results['num_clips'] = self.num_clips
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(clip_len={self.clip_len}, '
                f'num_clips={self.num_clips}, p_interval={self.p_interval}, seed={self.seed}, '
                f'test_mode={self.test_mode}, interval_draws={self.interval_draws})')


@TRANSFORMS.register_module()
class UniformSampleDecode(UniformSampleFrames):
    """Sample and decode in one step, as PYSKL's ``UniformSampleDecode`` (DG-STGCN's configs):
    ``keypoint_score`` is appended to ``keypoint`` as a channel, then ``num_clips`` clips of
    ``clip_len`` frames are cut with the draws of :class:`UniformSampleFrames` in training (in
    test mode too, from a ``RandomState(seed)``). Unlike there, an interval shorter than
    ``clip_len`` loops within itself from a random start, also in test mode.

    Required keys: ``keypoint`` ``(M, T, V, C)``. Modified: ``keypoint`` ``(M, num_clips *
    clip_len, V, C')`` float32. Removed: ``keypoint_score``. Added: ``clip_len``, ``num_clips``,
    ``frame_interval`` (None).
    """

    def _clip(self, num_frames: int, clip: int, rng, test_mode: bool) -> np.ndarray:
        length, start = _interval(num_frames, self.p_interval, rng) if self.interval_draws \
            else (num_frames, 0)
        if length >= self.clip_len:
            return start + _segment_inds(length, self.clip_len, rng)
        return start + (np.arange(self.clip_len) + rng.randint(length)) % length

    def transform(self, results: dict) -> dict:
        kp = np.asarray(results['keypoint'])
        if 'keypoint_score' in results:
            kp = np.concatenate([kp, np.asarray(results.pop('keypoint_score'))[..., None]], -1)
        if kp.ndim != 4 or kp.shape[1] < 1:
            raise sample_error(results, f'UniformSampleDecode needs keypoint (M, T, V, C) with '
                                        f'T >= 1, got {kp.shape}')
        results['total_frames'] = kp.shape[1]
        results = super().transform(results)
        results['keypoint'] = kp[:, results.pop('frame_inds')].astype(np.float32)
        return results


@TRANSFORMS.register_module()
class PadTo(BaseTransform):
    """Pad a sequence to ``length`` frames by looping it (``'loop'``) or with zero frames
    (``'zero'``); longer sequences are an error.

    Required keys: ``keypoint``, ``total_frames``. Modified: ``keypoint``,
    ``keypoint_score``, ``total_frames``.
    """

    def __init__(self, length: int, mode: str = 'loop') -> None:
        if mode not in ('loop', 'zero'):
            raise ValueError(f"PadTo mode must be 'loop' or 'zero', got {mode!r}")
        self.length = length
        self.mode = mode

    def transform(self, results: dict) -> dict:
        total = int(results['total_frames'])
        if total > self.length:
            raise sample_error(results, f'PadTo({self.length}) got {total} frames; sample or '
                                        f'crop before padding')
        take_frames(results, np.arange(self.length) % total)
        if self.mode == 'zero':
            for key in ('keypoint', 'keypoint_score'):
                if key in results:
                    results[key][:, total:] = 0
        results['total_frames'] = self.length
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(length={self.length}, mode={self.mode!r})'


@TRANSFORMS.register_module()
class PoseDecode(BaseTransform):
    """Keep the frames ``frame_inds`` (all frames when absent) of ``keypoint`` and
    ``keypoint_score``, as float32.

    Required keys: ``keypoint``, ``total_frames``. Modified: ``keypoint`` ``(M, len(inds), V,
    C)``, ``keypoint_score``. Added: ``frame_inds`` when it was absent.
    """

    def transform(self, results: dict) -> dict:
        if 'frame_inds' not in results:
            results['frame_inds'] = np.arange(int(results['total_frames']))
        inds = np.asarray(results['frame_inds']).reshape(-1) + results.get('offset', 0)
        num_frames = np.asarray(results['keypoint']).shape[1]
        if inds.size and (inds.min() < 0 or inds.max() >= num_frames):
            raise sample_error(results, f'frame_inds span [{inds.min()}, {inds.max()}] but '
                                        f'keypoint has {num_frames} frames')
        take_frames(results, inds)
        return results

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
    """``clip_len`` increasing indices in ``[0, num_frames)``, one random pick per equal segment;
    with fewer than twice ``clip_len`` frames, ``num_frames - clip_len`` random steps of 2.
    ``rng`` is a ``RandomState`` or the ``np.random`` module (the global RNG)."""
    if num_frames < 2 * clip_len:
        skips = np.zeros(clip_len + 1, dtype=np.int64)
        skips[rng.choice(clip_len + 1, num_frames - clip_len, replace=False)] = 1
        return np.arange(clip_len) + np.cumsum(skips)[:-1]
    bounds = np.arange(clip_len + 1) * num_frames // clip_len
    return bounds[:-1] + rng.randint(np.diff(bounds))


@TRANSFORMS.register_module(name=['UniformSampleFrames', 'UniformSample'])
class UniformSampleFrames(BaseTransform):
    """Sample ``num_clips`` clips of ``clip_len`` frames spread over the whole sequence
    (PYSKL's ``UniformSample``; registered under both names).

    The sequence is split into ``clip_len`` segments and one frame is drawn from each (random
    offsets in training; in test mode a ``RandomState(seed)`` makes every call give the same
    indices, whatever the global RNG). Shorter sequences are looped from a (random in training)
    start. In training, ``p_interval=(lo, hi)`` first crops a random sub-interval of
    ``ratio ~ U(lo, hi)`` of the frames (a float ``p`` means ``(p, p)``); sampling and looping
    stay inside it (PYSKL loops over the whole sequence instead).

    ``test_mode`` defaults to ``results['test_mode']`` (set by :class:`PoseDataset`).

    Required keys: ``total_frames``. Added: ``frame_inds`` ``(num_clips * clip_len,)``,
    ``clip_len``, ``num_clips``, ``frame_interval`` (None).
    """

    def __init__(self, clip_len: int, num_clips: int = 1,
                 p_interval: Union[float, Tuple[float, float]] = 1, seed: int = 255,
                 test_mode: Optional[bool] = None) -> None:
        if clip_len < 1 or num_clips < 1:
            raise ValueError(f'clip_len and num_clips must be >= 1, got {clip_len}, {num_clips}')
        if isinstance(p_interval, (int, float)):
            p_interval = (p_interval, p_interval)
        if not 0 < p_interval[0] <= p_interval[1] <= 1:
            raise ValueError(f'p_interval must satisfy 0 < lo <= hi <= 1, got {p_interval}')
        self.clip_len = clip_len
        self.num_clips = num_clips
        self.p_interval = tuple(p_interval)
        self.seed = seed
        self.test_mode = test_mode

    def _train_clip(self, num_frames: int) -> np.ndarray:
        lo, hi = self.p_interval
        length = max(int((np.random.rand() * (hi - lo) + lo) * num_frames), 1)
        start = np.random.randint(num_frames - length + 1)
        if length < self.clip_len:
            inds = np.arange(self.clip_len) + np.random.randint(length)
        else:
            inds = _segment_inds(length, self.clip_len, np.random)
        return start + inds % length

    def _test_clip(self, num_frames: int, clip: int, rng: np.random.RandomState) -> np.ndarray:
        if num_frames < self.clip_len:
            start = clip if num_frames < self.num_clips else clip * num_frames // self.num_clips
            return np.arange(start, start + self.clip_len) % num_frames
        return _segment_inds(num_frames, self.clip_len, rng)

    def transform(self, results: dict) -> dict:
        num_frames = int(results['total_frames'])
        if num_frames < 1:
            raise sample_error(results, 'UniformSampleFrames got a sequence with no frames')
        test_mode = self.test_mode if self.test_mode is not None else results.get('test_mode',
                                                                                  False)
        if test_mode:
            rng = np.random.RandomState(self.seed)
            clips = [self._test_clip(num_frames, i, rng) for i in range(self.num_clips)]
        else:
            clips = [self._train_clip(num_frames) for _ in range(self.num_clips)]
        results['frame_inds'] = np.concatenate(clips).astype(np.int64)
        results['clip_len'] = self.clip_len
        results['frame_interval'] = None
        results['num_clips'] = self.num_clips
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(clip_len={self.clip_len}, '
                f'num_clips={self.num_clips}, p_interval={self.p_interval}, seed={self.seed}, '
                f'test_mode={self.test_mode})')


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

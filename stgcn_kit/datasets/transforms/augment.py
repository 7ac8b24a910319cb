"""Training-time augmentations: PYSKL's rotation/scale/noise, a left/right mirror, and the
original ST-GCN's random move, choose and shift. Random draws use numpy's global RNG, which
mmengine seeds per worker."""
from dataclasses import replace
from typing import Optional, Sequence, Tuple, Union

import numpy as np
from mmcv.transforms import BaseTransform

from stgcn_kit.registry import TRANSFORMS
from stgcn_kit.skeleton import LayoutLike, get_layout

from .base import sample_error
from .sampling import take_frames


def euler_matrix(theta: np.ndarray) -> np.ndarray:
    """``(3, 3)`` rotation ``Rz @ Ry @ Rx`` for angles ``theta = (x, y, z)`` (PYSKL's order and
    signs)."""
    cos, sin = np.cos(theta), np.sin(theta)
    rx = np.array([[1, 0, 0], [0, cos[0], sin[0]], [0, -sin[0], cos[0]]])
    ry = np.array([[cos[1], 0, -sin[1]], [0, 1, 0], [sin[1], 0, cos[1]]])
    rz = np.array([[cos[2], sin[2], 0], [-sin[2], cos[2], 0], [0, 0, 1]])
    return rz @ ry @ rx


def planar_matrix(angle: Union[float, np.ndarray]) -> np.ndarray:
    """``(2, 2, ...)`` counter-clockwise rotation(s) by ``angle``."""
    cos, sin = np.cos(angle), np.sin(angle)
    return np.array([[cos, -sin], [sin, cos]])


@TRANSFORMS.register_module()
class RandomRot(BaseTransform):
    """Rotate by random angles, as PYSKL does: about x, y and z by ``U(-theta, theta)`` each
    for 3D keypoints, in the image plane for 2D ones. A 3D rotation takes one ``theta`` for all
    axes or one per axis ``(x, y, z)`` (not in PYSKL), e.g. a wide range about the vertical axis
    only, to simulate other camera views. An all-zero skeleton is left alone without a draw.

    PYSKL's 2D angle is drawn from ``U(-theta, 1)`` (``np.random.uniform(-theta)``), which is
    kept by default so that its configs train on its inputs; ``symmetric_2d=True`` draws from
    ``U(-theta, theta)`` instead.

    Apply it before the score is merged into ``keypoint``. Required keys: ``keypoint``
    ``(M, T, V, C)`` with ``C`` in (2, 3). Modified: ``keypoint``.
    """

    def __init__(self, theta: Union[float, Sequence[float]] = 0.3,
                 symmetric_2d: bool = False) -> None:
        self.theta = theta
        self.symmetric_2d = symmetric_2d

    def transform(self, results: dict) -> dict:
        kp = results['keypoint']
        dims = kp.shape[-1]
        theta = np.asarray(self.theta, dtype=np.float64)
        if not (dims == 3 and theta.size in (1, 3) or dims == 2 and theta.size == 1):
            raise sample_error(results, f'RandomRot needs 2D or 3D coordinates and one angle '
                                        f'(2D) or 1 or 3 angles (3D), got keypoint shape '
                                        f'{kp.shape} and theta={self.theta}')
        if np.isclose(kp, 0).all():
            return results
        if dims == 3:
            rot = euler_matrix(np.random.uniform(-theta, theta, size=3))
        else:
            high = float(theta) if self.symmetric_2d else 1.0
            rot = planar_matrix(float(np.random.uniform(-float(theta), high)))
        results['keypoint'] = (kp @ rot.T).astype(np.float32)
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(theta={self.theta}, '
                f'symmetric_2d={self.symmetric_2d})')


@TRANSFORMS.register_module()
class RandomScale(BaseTransform):
    """Multiply each coordinate axis ``c`` by ``1 + U(-scale[c], scale[c])``; a float scale
    applies to every axis. Modified: ``keypoint``."""

    def __init__(self, scale: Union[float, Sequence[float]] = 0.1) -> None:
        self.scale = scale

    def transform(self, results: dict) -> dict:
        kp = results['keypoint']
        scale = np.asarray(self.scale, dtype=np.float64)
        if scale.ndim == 0:
            scale = np.full(kp.shape[-1], scale)
        if scale.shape != kp.shape[-1:]:
            raise sample_error(results, f'RandomScale has {len(scale)} scales for '
                                        f'{kp.shape[-1]} channels')
        factor = 1 + np.random.uniform(-1, 1, size=len(scale)) * scale
        results['keypoint'] = (kp * factor).astype(np.float32)
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(scale={self.scale})'


@TRANSFORMS.register_module()
class RandomGaussianNoise(BaseTransform):
    """Add ``N(0, sigma^2)`` noise scaled by the skeleton's size: the diagonal of each frame's
    bounding box (``base='frame'``) or of the whole sequence's (``base='video'``). Frames where
    a person is absent (all zero) stay zero. Modified: ``keypoint``."""

    def __init__(self, sigma: float = 0.01, base: str = 'frame') -> None:
        if base not in ('frame', 'video'):
            raise ValueError(f"RandomGaussianNoise base must be 'frame' or 'video', got {base!r}")
        self.sigma = sigma
        self.base = base

    def transform(self, results: dict) -> dict:
        kp = results['keypoint']
        present = np.abs(kp).sum(axis=(2, 3)) > 0  # (M, T)
        if not present.any():
            return results
        if self.base == 'frame':
            size = np.linalg.norm(kp.max(2) - kp.min(2), axis=-1)
        else:
            size = np.linalg.norm(kp[present].max((0, 1)) - kp[present].min((0, 1)))
        scale = self.sigma * size * present  # (M, T)
        noise = np.random.randn(*kp.shape) * scale[..., None, None]
        results['keypoint'] = (kp + noise).astype(np.float32)
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(sigma={self.sigma}, base={self.base!r})'


@TRANSFORMS.register_module()
class SkeletonFlip(BaseTransform):
    """Mirror the skeleton left to right with probability ``flip_ratio``: x becomes -x (a
    mirror about the origin, so apply it after normalisation has centred the coordinates and
    before ``GenSkeFeat`` builds streams) and the layout's left/right joints trade places, so
    that a mirrored body is again a body whose left joints are its left.

    The pairs are ``layout``'s ``flip_pairs`` unless ``left_kp`` and ``right_kp`` (PYSKL's
    names) list them. Modified: ``keypoint`` ``(M, T, V, C)`` and ``keypoint_score``
    ``(M, T, V)`` if present. Added: ``flip`` (bool).
    """

    def __init__(self, layout: LayoutLike, flip_ratio: float = 0.5,
                 left_kp: Optional[Sequence[int]] = None,
                 right_kp: Optional[Sequence[int]] = None) -> None:
        if (left_kp is None) != (right_kp is None) or (
                left_kp is not None and len(left_kp) != len(right_kp)):
            raise ValueError(f'SkeletonFlip needs left_kp and right_kp of equal length, or '
                             f'neither, got {left_kp} and {right_kp}')
        self.flip_ratio = flip_ratio
        self.layout = layout
        skeleton = get_layout(layout)
        if left_kp is not None:
            skeleton = replace(skeleton, flip_pairs=tuple(zip(left_kp, right_kp)))
        if not skeleton.flip_pairs:
            raise ValueError(f'SkeletonFlip: layout {layout!r} names no left/right joints '
                             f'(flip_pairs); give them, or left_kp and right_kp')
        self.index = list(skeleton.flip_index)

    def transform(self, results: dict) -> dict:
        results['flip'] = bool(np.random.rand() < self.flip_ratio)
        if not results['flip']:
            return results
        kp = np.asarray(results['keypoint'], dtype=np.float32)
        if kp.ndim != 4 or kp.shape[2] != len(self.index):
            raise sample_error(results, f'SkeletonFlip needs keypoint (M, T, {len(self.index)}'
                                        f', C), got {kp.shape}')
        kp = kp[..., self.index, :]
        kp[..., 0] *= -1
        results['keypoint'] = kp
        if 'keypoint_score' in results:
            results['keypoint_score'] = np.asarray(results['keypoint_score'])[..., self.index]
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(flip_ratio={self.flip_ratio}, '
                f'layout={self.layout!r})')


def _piecewise_linspace(values: np.ndarray, nodes: np.ndarray) -> np.ndarray:
    """Per frame, ``values[i] -> values[i + 1]`` linearly (both ends included) over the frames
    ``nodes[i]:nodes[i + 1]``, as the original ST-GCN ``random_move`` does."""
    return np.concatenate([np.linspace(values[i], values[i + 1], nodes[i + 1] - nodes[i])
                           for i in range(len(nodes) - 1)])


@TRANSFORMS.register_module()
class RandomMove(BaseTransform):
    """The original ST-GCN ``random_move``: an affine map of (x, y) whose rotation (degrees),
    scale and translation are drawn from the candidates at ``move_time + 1`` evenly spaced key
    frames and interpolated linearly between them. As in the original, every joint moves,
    absent (zero) ones included. Modified: ``keypoint`` channels 0 and 1."""

    def __init__(self, angle_candidate: Sequence[float] = (-10., -5., 0., 5., 10.),
                 scale_candidate: Sequence[float] = (0.9, 1.0, 1.1),
                 transform_candidate: Sequence[float] = (-0.2, -0.1, 0.0, 0.1, 0.2),
                 move_time_candidate: Sequence[int] = (1, )) -> None:
        self.angle_candidate = list(angle_candidate)
        self.scale_candidate = list(scale_candidate)
        self.transform_candidate = list(transform_candidate)
        self.move_time_candidate = list(move_time_candidate)

    def transform(self, results: dict) -> dict:
        kp = np.array(results['keypoint'], dtype=np.float32)
        num_frames = kp.shape[1]
        move_time = np.random.choice(self.move_time_candidate)
        nodes = np.append(np.arange(0, num_frames, num_frames / move_time).round().astype(int),
                          num_frames)
        draw = [np.random.choice(c, len(nodes)) for c in (
            self.angle_candidate, self.scale_candidate, self.transform_candidate,
            self.transform_candidate)]
        angle, scale, shift_x, shift_y = (_piecewise_linspace(d, nodes) for d in draw)
        affine = planar_matrix(np.deg2rad(angle)) * scale  # (2, 2, T)
        xy = np.einsum('ijt,mtvj->mtvi', affine, kp[..., :2])
        kp[..., :2] = xy + np.stack([shift_x, shift_y], -1)[None, :, None]
        results['keypoint'] = kp
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(angle_candidate={self.angle_candidate}, '
                f'scale_candidate={self.scale_candidate}, '
                f'transform_candidate={self.transform_candidate}, '
                f'move_time_candidate={self.move_time_candidate})')


def _place_frames(results: dict, src: Tuple[int, int], dst: int, length: int) -> None:
    """Frames ``src[0]:src[1]`` of ``keypoint``/``keypoint_score`` moved to start at ``dst`` in
    ``length`` zero frames."""
    for key in ('keypoint', 'keypoint_score'):
        if key in results:
            data = np.asarray(results[key], dtype=np.float32)
            out = np.zeros((data.shape[0], length) + data.shape[2:], dtype=np.float32)
            out[:, dst:dst + src[1] - src[0]] = data[:, src[0]:src[1]]
            results[key] = out
    results['total_frames'] = length


@TRANSFORMS.register_module()
class RandomChooseFrames(BaseTransform):
    """The original ST-GCN ``random_choose``: a random window of ``size`` frames; a shorter
    sequence is placed at a random offset in ``size`` zero frames (when ``auto_pad``).
    Modified: ``keypoint``, ``keypoint_score``, ``total_frames``."""

    def __init__(self, size: int, auto_pad: bool = True) -> None:
        self.size = size
        self.auto_pad = auto_pad

    def transform(self, results: dict) -> dict:
        num_frames = results['keypoint'].shape[1]
        if num_frames > self.size:
            begin = np.random.randint(num_frames - self.size + 1)
            take_frames(results, np.arange(begin, begin + self.size))
            results['total_frames'] = self.size
        elif num_frames < self.size and self.auto_pad:
            _place_frames(results, (0, num_frames),
                          np.random.randint(self.size - num_frames + 1), self.size)
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(size={self.size}, auto_pad={self.auto_pad})'


@TRANSFORMS.register_module()
class RandomShift(BaseTransform):
    """The original ST-GCN ``random_shift``: move the span of non-empty frames to a random
    position in the sequence, zero elsewhere. Modified: ``keypoint``, ``keypoint_score``."""

    def transform(self, results: dict) -> dict:
        kp = results['keypoint']
        valid = np.flatnonzero(np.abs(kp).sum(axis=(0, 2, 3)) > 0)
        if not len(valid):
            return results
        begin, end = valid[0], valid[-1] + 1
        _place_frames(results, (begin, end),
                      np.random.randint(kp.shape[1] - (end - begin) + 1), kp.shape[1])
        return results

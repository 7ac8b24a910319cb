"""The image frame of 2D keypoints: a compact box around the poses, resizing, cropping and
horizontal flipping, as PYSKL's PoseC3D pipeline does them (names and arguments unchanged).

Every transform here works on ``keypoint`` ``(M, T, V, 2)`` in pixels of an image of
``img_shape`` ``(h, w)``; no image is touched, only the coordinates and ``img_shape`` change.
A joint at ``(0, 0)`` is PYSKL's "missing" marker: ``PoseCompact`` and ``Flip`` leave zero
coordinates alone, the crops shift every coordinate (as PYSKL does; a missing joint has score 0,
so it draws nothing).
"""
import random
from typing import Optional, Sequence, Tuple, Union

import numpy as np
from mmcv.transforms import BaseTransform

from stgcn_kit.registry import TRANSFORMS

from .base import sample_error


def _img_shape(results: dict, name: str) -> Tuple[int, int]:
    if 'img_shape' not in results:
        raise sample_error(results, f'{name} needs img_shape (h, w): 2D keypoints in pixels '
                                    f'(PYSKL 2D pickles carry it)')
    h, w = results['img_shape']
    return int(h), int(w)


def _keypoint_xy(results: dict, name: str) -> np.ndarray:
    kp = np.asarray(results.get('keypoint'), dtype=np.float32)
    if kp.ndim != 4 or kp.shape[-1] < 2:
        raise sample_error(results, f'{name} needs keypoint (M, T, V, 2), got shape '
                                    f'{kp.shape}')
    return kp


def _pair(value: Union[float, Sequence[float]]) -> Tuple:
    return tuple(value) if isinstance(value, (list, tuple)) else (value, value)


@TRANSFORMS.register_module()
class PoseCompact(BaseTransform):
    """Shrink the image frame to the box around every non-zero joint of the sequence.

    The tight box over all persons and frames is enlarged by ``padding`` (0.25: 1.25 times its
    width and height, same centre), then widened or heightened until ``h / w`` lies in
    ``hw_ratio`` (a float ``r`` means ``(r, r)``). Without ``allow_imgpad`` the box is clipped
    to the image. Sequences whose box is thinner than ``threshold`` pixels are left as they are.

    Required keys: ``keypoint`` ``(M, T, V, 2)``, ``img_shape``. Modified: ``keypoint`` (zero
    coordinates stay zero; NaN become zero), ``img_shape``.
    """

    def __init__(self, padding: float = 0.25, threshold: float = 10,
                 hw_ratio: Union[float, Sequence[float], None] = None,
                 allow_imgpad: bool = True) -> None:
        if padding < 0:
            raise ValueError(f'PoseCompact padding must be >= 0, got {padding}')
        self.padding = padding
        self.threshold = threshold
        self.hw_ratio = None if hw_ratio is None else _pair(hw_ratio)
        self.allow_imgpad = allow_imgpad

    def transform(self, results: dict) -> dict:
        h, w = _img_shape(results, 'PoseCompact')
        kp = _keypoint_xy(results, 'PoseCompact').copy()
        kp[np.isnan(kp)] = 0
        x, y = kp[..., 0], kp[..., 1]
        xs, ys = x[x != 0], y[y != 0]
        if not xs.size or not ys.size:
            results['keypoint'] = kp
            return results
        min_x, max_x, min_y, max_y = xs.min(), xs.max(), ys.min(), ys.max()
        if max_x - min_x < self.threshold or max_y - min_y < self.threshold:
            results['keypoint'] = kp
            return results
        cx, cy = (max_x + min_x) / 2, (max_y + min_y) / 2
        half_w = (max_x - min_x) / 2 * (1 + self.padding)
        half_h = (max_y - min_y) / 2 * (1 + self.padding)
        if self.hw_ratio is not None:
            half_h = max(self.hw_ratio[0] * half_w, half_h)
            half_w = max(half_h / self.hw_ratio[1], half_w)
        box = np.array([cx - half_w, cy - half_h, cx + half_w, cy + half_h])
        if not self.allow_imgpad:
            box = np.clip(box, 0, [w, h, w, h])
        # int() truncates towards zero, as PYSKL's box does
        left, top, right, bottom = (int(v) for v in box)
        x[x != 0] -= left
        y[y != 0] -= top
        results['keypoint'] = kp
        results['img_shape'] = (bottom - top, right - left)
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(padding={self.padding}, threshold={self.threshold}, '
                f'hw_ratio={self.hw_ratio}, allow_imgpad={self.allow_imgpad})')


@TRANSFORMS.register_module()
class Resize(BaseTransform):
    """Rescale the image frame.

    ``scale``: a float multiplies both sides; with ``keep_ratio`` a pair bounds the long and
    the short side (``(-1, 64)``: short side 64, long side free); without it a pair is the
    output ``(w, h)``. Sizes round to the nearest pixel.

    Required keys: ``keypoint``, ``img_shape``. Modified: ``keypoint`` (x and y scaled),
    ``img_shape``. Added: ``scale_factor`` ``(sx, sy)`` accumulated over resizes.
    """

    def __init__(self, scale: Union[float, Sequence[int]], keep_ratio: bool = True,
                 interpolation: str = 'bilinear') -> None:
        if isinstance(scale, (int, float)) and not isinstance(scale, bool):
            if scale <= 0:
                raise ValueError(f'Resize scale must be positive, got {scale}')
            if not keep_ratio:
                raise ValueError('Resize: a single-number scale needs keep_ratio=True')
            scale = float(scale)
        elif isinstance(scale, (list, tuple)) and len(scale) == 2:
            scale = tuple(scale)
            if min(scale) == -1:
                if not keep_ratio:
                    raise ValueError(f'Resize scale {scale} with -1 needs keep_ratio=True')
                scale = (np.inf, max(scale))
        else:
            raise TypeError(f'Resize scale must be a float or a pair, got {scale!r}')
        self.scale = scale
        self.keep_ratio = keep_ratio
        self.interpolation = interpolation  # for RGB configs; keypoints need none

    def _new_size(self, h: int, w: int) -> Tuple[int, int]:
        if not self.keep_ratio:
            return int(self.scale[0]), int(self.scale[1])
        if isinstance(self.scale, float):
            factor = self.scale
        else:
            factor = min(max(self.scale) / max(h, w), min(self.scale) / min(h, w))
        return int(w * factor + 0.5), int(h * factor + 0.5)

    def transform(self, results: dict) -> dict:
        h, w = _img_shape(results, 'Resize')
        new_w, new_h = self._new_size(h, w)
        factor = np.array([new_w / w, new_h / h], dtype=np.float32)
        kp = _keypoint_xy(results, 'Resize')
        results['keypoint'] = kp * factor
        results['img_shape'] = (new_h, new_w)
        results['keep_ratio'] = self.keep_ratio
        results['scale_factor'] = np.asarray(results.get('scale_factor', (1, 1)),
                                             dtype=np.float32) * factor
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(scale={self.scale}, keep_ratio={self.keep_ratio})'


def _crop(results: dict, left: int, top: int, right: int, bottom: int) -> dict:
    """Move the origin to ``(left, top)`` and make the frame ``(bottom - top, right - left)``."""
    results['keypoint'] = results['keypoint'] - np.array([left, top], dtype=np.float32)
    results['crop_bbox'] = np.array([left, top, right, bottom])
    results['img_shape'] = (bottom - top, right - left)
    return results


@TRANSFORMS.register_module()
class RandomResizedCrop(BaseTransform):
    """Crop a random box whose area is a ``U(area_range)`` share of the frame and whose
    ``w / h`` is log-uniform in ``aspect_ratio_range`` (ten tries; then the centred square).

    Required keys: ``keypoint``, ``img_shape``. Modified: ``keypoint``, ``img_shape``.
    Added: ``crop_bbox`` ``(left, top, right, bottom)``.
    """

    def __init__(self, area_range: Sequence[float] = (0.08, 1.0),
                 aspect_ratio_range: Sequence[float] = (3 / 4, 4 / 3),
                 max_attempts: int = 10) -> None:
        if not 0 < area_range[0] <= area_range[1] <= 1:
            raise ValueError(f'area_range must satisfy 0 < lo <= hi <= 1, got {area_range}')
        if not 0 < aspect_ratio_range[0] <= aspect_ratio_range[1]:
            raise ValueError(f'aspect_ratio_range must satisfy 0 < lo <= hi, got '
                             f'{aspect_ratio_range}')
        self.area_range = tuple(area_range)
        self.aspect_ratio_range = tuple(aspect_ratio_range)
        self.max_attempts = max_attempts

    def crop_box(self, h: int, w: int) -> Tuple[int, int, int, int]:
        """A random ``(left, top, right, bottom)`` inside an ``h x w`` frame."""
        n = self.max_attempts
        ratios = np.exp(np.random.uniform(*np.log(self.aspect_ratio_range), size=n))
        areas = np.random.uniform(*self.area_range, size=n) * h * w
        crop_w = np.round(np.sqrt(areas * ratios)).astype(int)
        crop_h = np.round(np.sqrt(areas / ratios)).astype(int)
        fits = np.flatnonzero((crop_w <= w) & (crop_h <= h))
        if fits.size:
            cw, ch = crop_w[fits[0]], crop_h[fits[0]]
            # Python's RNG, not numpy's, as PYSKL and mmaction2 draw these offsets
            left, top = random.randint(0, w - cw), random.randint(0, h - ch)
            return int(left), int(top), int(left + cw), int(top + ch)
        size = min(h, w)
        left, top = (w - size) // 2, (h - size) // 2
        return left, top, left + size, top + size

    def transform(self, results: dict) -> dict:
        h, w = _img_shape(results, 'RandomResizedCrop')
        _keypoint_xy(results, 'RandomResizedCrop')
        return _crop(results, *self.crop_box(h, w))

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(area_range={self.area_range}, '
                f'aspect_ratio_range={self.aspect_ratio_range})')


@TRANSFORMS.register_module()
class CenterCrop(BaseTransform):
    """Crop the centred ``crop_size`` (an int, or ``(w, h)``) box.

    Required keys: ``keypoint``, ``img_shape``. Modified: ``keypoint``, ``img_shape``.
    Added: ``crop_bbox``.
    """

    def __init__(self, crop_size: Union[int, Sequence[int]]) -> None:
        self.crop_size = tuple(int(s) for s in _pair(crop_size))

    def transform(self, results: dict) -> dict:
        h, w = _img_shape(results, 'CenterCrop')
        _keypoint_xy(results, 'CenterCrop')
        crop_w, crop_h = self.crop_size
        left, top = (w - crop_w) // 2, (h - crop_h) // 2
        return _crop(results, left, top, left + crop_w, top + crop_h)

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(crop_size={self.crop_size})'


def flip_order(num: int, left: Optional[Sequence[int]],
               right: Optional[Sequence[int]]) -> np.ndarray:
    """The permutation of ``num`` channels that swaps each ``left[i]`` with ``right[i]``."""
    order = np.arange(num)
    if left is not None and right is not None:
        if len(left) != len(right):
            raise ValueError(f'left and right lists differ in length: {len(left)} vs '
                             f'{len(right)}')
        order[list(left)], order[list(right)] = list(right), list(left)
    return order


@TRANSFORMS.register_module()
class Flip(BaseTransform):
    """Mirror the poses horizontally with probability ``flip_ratio``: ``x -> w - x`` for
    non-zero ``x``, and joints ``left_kp[i]`` and ``right_kp[i]`` swap places.

    ``flip_label_map`` maps a label to the label of its mirror action.

    Required keys: ``keypoint``, ``img_shape``. Modified: ``keypoint``, ``keypoint_score``,
    ``label`` (with ``flip_label_map``). Added: ``flip``, ``flip_direction``.
    """

    def __init__(self, flip_ratio: float = 0.5, direction: str = 'horizontal',
                 flip_label_map: Optional[dict] = None,
                 left_kp: Optional[Sequence[int]] = None,
                 right_kp: Optional[Sequence[int]] = None) -> None:
        if direction != 'horizontal':
            raise ValueError(f'Flip: only horizontal flips are defined for keypoints, got '
                             f'{direction!r}')
        self.flip_ratio = flip_ratio
        self.direction = direction
        self.flip_label_map = flip_label_map
        self.left_kp = left_kp
        self.right_kp = right_kp

    def transform(self, results: dict) -> dict:
        _, w = _img_shape(results, 'Flip')
        kp = _keypoint_xy(results, 'Flip')
        flip = bool(np.random.rand() < self.flip_ratio)
        results['flip'] = flip
        results['flip_direction'] = self.direction
        if not flip:
            return results
        if self.flip_label_map is not None and 'label' in results:
            results['label'] = self.flip_label_map.get(results['label'], results['label'])
        kp = kp.copy()
        x = kp[..., 0]
        x[x != 0] = w - x[x != 0]
        order = flip_order(kp.shape[2], self.left_kp, self.right_kp)
        results['keypoint'] = kp[:, :, order]
        if 'keypoint_score' in results:
            results['keypoint_score'] = np.asarray(results['keypoint_score'])[:, :, order]
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(flip_ratio={self.flip_ratio}, '
                f'left_kp={self.left_kp}, right_kp={self.right_kp})')

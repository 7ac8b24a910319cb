"""Pseudo heatmaps of 2D poses (PoseC3D's input): a Gaussian per joint or per limb.

The values equal PYSKL's ``GeneratePoseTarget`` (same window truncation at 3 sigma, same
handling of low scores and of limbs shorter than a pixel), computed by broadcasting over
persons, frames, joints and pixels instead of looping over them in Python.
"""
from typing import Sequence, Tuple

import numpy as np
from mmcv.transforms import BaseTransform

from stgcn_kit.registry import TRANSFORMS
from .base import sample_error
from .geometry import flip_order

# keypoints whose score (or limbs whose smaller end score) is below this draw nothing
EPS = 1e-3
# elements of one (persons x frames x channels x h x w) block; bounds the temporary memory
CHUNK_ELEMENTS = 1 << 20

COCO_SKELETON = ((0, 1), (0, 2), (1, 3), (2, 4), (0, 5), (5, 7), (7, 9), (0, 6), (6, 8),
                 (8, 10), (5, 11), (11, 13), (13, 15), (6, 12), (12, 14), (14, 16), (11, 12))


def _window(centre_lo: np.ndarray, centre_hi: np.ndarray, grid: np.ndarray, size: int,
            sigma: float) -> np.ndarray:
    """Where ``grid`` lies in PYSKL's window ``[int(lo - 3 sigma), int(hi + 3 sigma) + 1)``
    clipped to ``[0, size)``; ``int`` truncates towards zero. Shapes broadcast with ``grid``."""
    start = np.maximum(np.trunc(centre_lo - 3 * sigma), 0)
    stop = np.minimum(np.trunc(centre_hi + 3 * sigma) + 1, size)
    return (grid >= start) & (grid < stop)


def keypoint_heatmaps(kps: np.ndarray, values: np.ndarray, h: int, w: int,
                      sigma: float) -> np.ndarray:
    """Gaussians ``value * exp(-|p - kp|^2 / (2 sigma^2))`` inside the 3-sigma window, maxed
    over persons.

    Args:
        kps: ``(M, T, V, 2)`` pixel coordinates.
        values: ``(M, T, V)`` peak values (already zero where they must draw nothing).
    Returns:
        ``(T, V, h, w)`` float32.
    """
    xs = np.arange(w, dtype=np.float32)
    ys = np.arange(h, dtype=np.float32)
    mx, my = kps[..., 0:1], kps[..., 1:2]
    # the Gaussian is separable; each factor carries its own window
    gx = np.exp(-(xs - mx) ** 2 / 2 / sigma ** 2) * _window(mx, mx, xs, w, sigma)
    gy = np.exp(-(ys - my) ** 2 / 2 / sigma ** 2) * _window(my, my, ys, h, sigma)
    gy = gy * values[..., None]
    return (gy[..., :, None] * gx[..., None, :]).max(0).astype(np.float32)


def limb_heatmaps(kps: np.ndarray, scores: np.ndarray, limbs: np.ndarray, h: int, w: int,
                  sigma: float) -> np.ndarray:
    """Gaussians of the distance to each limb's segment, scaled by the smaller end score,
    inside the limb's 3-sigma box, maxed over persons; a limb shorter than one pixel draws
    its start joint's Gaussian with the start score.

    Args:
        kps: ``(M, T, V, 2)``; scores: ``(M, T, V)``; limbs: ``(L, 2)`` joint pairs.
    Returns:
        ``(T, L, h, w)`` float32.
    """
    a, b = kps[:, :, limbs[:, 0]], kps[:, :, limbs[:, 1]]          # (M, T, L, 2)
    va, vb = scores[:, :, limbs[:, 0]], scores[:, :, limbs[:, 1]]  # (M, T, L)
    value = np.minimum(va, vb)
    x = np.arange(w, dtype=np.float32)
    y = np.arange(h, dtype=np.float32)[:, None]
    # (M, T, L) -> (M, T, L, 1, 1): every map below is (M, T, L, h, w)
    ax, ay, bx, by = (c[..., None, None] for c in (a[..., 0], a[..., 1], b[..., 0], b[..., 1]))
    d2_a = (x - ax) ** 2 + (y - ay) ** 2
    d2_b = (x - bx) ** 2 + (y - by) ** 2
    d2_ab = (ax - bx) ** 2 + (ay - by) ** 2
    short = d2_ab < 1
    with np.errstate(divide='ignore', invalid='ignore'):
        # the projection of each pixel onto the limb's line, as a fraction of the limb
        coeff = (d2_a - d2_b + d2_ab) / 2. / d2_ab
        px = x - (ax + coeff * (bx - ax))
        py = y - (ay + coeff * (by - ay))
        d2 = np.where(coeff <= 0, d2_a, np.where(coeff >= 1, d2_b, px ** 2 + py ** 2))
    # limbs shorter than a pixel: the start joint's own Gaussian and window
    d2 = np.where(short, d2_a, d2)
    lo_x = np.where(short, ax, np.minimum(ax, bx))
    hi_x = np.where(short, ax, np.maximum(ax, bx))
    lo_y = np.where(short, ay, np.minimum(ay, by))
    hi_y = np.where(short, ay, np.maximum(ay, by))
    inside = _window(lo_x, hi_x, x, w, sigma) & _window(lo_y, hi_y, y, h, sigma)
    peak = np.where(value < EPS, 0, np.where(short[..., 0, 0], va, value))[..., None, None]
    maps = np.exp(-d2 / 2. / sigma ** 2) * peak * inside
    return maps.max(0).astype(np.float32)


@TRANSFORMS.register_module()
class GeneratePoseTarget(BaseTransform):
    """Render ``keypoint`` as pseudo heatmaps: one channel per joint (``with_kp``) or per limb
    of ``skeletons`` (``with_limb``), on an ``img_shape * scaling`` grid.

    Args:
        sigma: the Gaussian's standard deviation in pixels.
        use_score: peak value = the joint's score (else 1). Joints with score < 1e-3 draw
            nothing.
        with_kp / with_limb: keypoint or limb heatmaps (exactly one of them).
        skeletons: the limbs, pairs of joint indices (COCO-17 by default).
        double: also output the mirrored heatmaps (left and right channels swapped by
            ``left_kp``/``right_kp`` or ``left_limb``/``right_limb``), appended along the
            frames: flip test-time augmentation.
        scaling: the heatmap size relative to ``img_shape``.

    Required keys: ``keypoint`` ``(M, T, V, 2)``, ``img_shape``; ``keypoint_score``
    ``(M, T, V)`` optional. Added: ``imgs`` ``(T, K, H, W)`` float32, ``(2T, K, H, W)`` with
    ``double`` (``heatmap_imgs`` when ``imgs`` already exists).
    """

    def __init__(self, sigma: float = 0.6, use_score: bool = True, with_kp: bool = True,
                 with_limb: bool = False, skeletons: Sequence[Sequence[int]] = COCO_SKELETON,
                 double: bool = False,
                 left_kp: Sequence[int] = (1, 3, 5, 7, 9, 11, 13, 15),
                 right_kp: Sequence[int] = (2, 4, 6, 8, 10, 12, 14, 16),
                 left_limb: Sequence[int] = (0, 2, 4, 5, 6, 10, 11, 12),
                 right_limb: Sequence[int] = (1, 3, 7, 8, 9, 13, 14, 15),
                 scaling: float = 1.) -> None:
        if with_kp + with_limb != 1:
            raise ValueError('GeneratePoseTarget: set exactly one of with_kp and with_limb')
        self.sigma = sigma
        self.use_score = use_score
        self.with_kp = with_kp
        self.with_limb = with_limb
        self.skeletons = np.asarray(skeletons, dtype=np.int64).reshape(-1, 2)
        self.double = double
        self.left_kp, self.right_kp = left_kp, right_kp
        self.left_limb, self.right_limb = left_limb, right_limb
        self.scaling = scaling

    def _shape(self, results: dict) -> Tuple[int, int]:
        if 'img_shape' not in results:
            raise sample_error(results, 'GeneratePoseTarget needs img_shape (h, w)')
        h, w = results['img_shape']
        return int(h * self.scaling + 0.5), int(w * self.scaling + 0.5)

    def heatmaps(self, results: dict) -> np.ndarray:
        """The ``(T, K, H, W)`` volume of one sample (without the mirrored copy)."""
        kp = np.asarray(results.get('keypoint'), dtype=np.float32)
        if kp.ndim != 4 or kp.shape[-1] < 2:
            raise sample_error(results, f'GeneratePoseTarget needs keypoint (M, T, V, 2), got '
                                        f'{kp.shape}')
        kp = kp[..., :2] * np.float32(self.scaling)
        m, t, v = kp.shape[:3]
        if 'keypoint_score' in results and self.use_score:
            scores = np.asarray(results['keypoint_score'], dtype=np.float32)
        else:
            scores = np.ones((m, t, v), dtype=np.float32)
        if self.with_limb and self.skeletons.size and self.skeletons.max() >= v:
            raise sample_error(results, f'skeletons name joint {self.skeletons.max()} but the '
                                        f'keypoints have {v} joints')
        h, w = self._shape(results)
        channels = v if self.with_kp else len(self.skeletons)
        out = np.zeros((t, channels, h, w), dtype=np.float32)
        step = max(1, CHUNK_ELEMENTS // max(1, m * channels * h * w))
        for s in range(0, t, step):
            k, sc = kp[:, s:s + step], scores[:, s:s + step]
            if self.with_kp:
                out[s:s + step] = keypoint_heatmaps(k, np.where(sc < EPS, 0, sc), h, w,
                                                    self.sigma)
            else:
                out[s:s + step] = limb_heatmaps(k, sc, self.skeletons, h, w, self.sigma)
        return out

    def transform(self, results: dict) -> dict:
        heatmap = self.heatmaps(results)
        if self.double:
            left, right = ((self.left_kp, self.right_kp) if self.with_kp
                           else (self.left_limb, self.right_limb))
            order = flip_order(heatmap.shape[1], left, right)
            heatmap = np.concatenate([heatmap, heatmap[:, order, :, ::-1]])
        results['heatmap_imgs' if 'imgs' in results else 'imgs'] = heatmap
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(sigma={self.sigma}, use_score={self.use_score}, '
                f'with_kp={self.with_kp}, with_limb={self.with_limb}, '
                f'skeletons={self.skeletons.tolist()}, double={self.double}, '
                f'scaling={self.scaling})')

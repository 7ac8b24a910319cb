"""Pseudo heatmaps of 2D poses (PoseC3D's input): a Gaussian per joint or per limb.

The values equal PYSKL's ``GeneratePoseTarget`` (same window truncation at 3 sigma, same
handling of low scores and of limbs shorter than a pixel), computed with array operations over
all persons, frames and channels at once (keypoints as separable Gaussians, limbs only on the
pixels of their windows) instead of PYSKL's Python loops over them.
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
    d = b - a
    d2_ab = (d ** 2).sum(-1)
    short = d2_ab < 1
    # a short limb is its start joint: a zero-length segment at a, with a's score and window
    d[short] = 0
    peak = np.where(short, va, np.minimum(va, vb))
    peak[np.minimum(va, vb) < EPS] = 0
    lo, hi = np.minimum(a, a + d), np.maximum(a, a + d)
    x = np.arange(w, dtype=np.float32)
    y = np.arange(h, dtype=np.float32)
    # PYSKL's 3-sigma box, separably; only the pixels inside it are computed
    in_x = _window(lo[..., 0:1], hi[..., 0:1], x, w, sigma)          # (M, T, L, w)
    in_y = _window(lo[..., 1:2], hi[..., 1:2], y, h, sigma)          # (M, T, L, h)
    pm, pt, pl, yi, xi = np.nonzero(in_y[..., :, None] & in_x[..., None, :])
    rx = x[xi] - a[pm, pt, pl, 0]
    ry = y[yi] - a[pm, pt, pl, 1]
    dx, dy = d[pm, pt, pl, 0], d[pm, pt, pl, 1]
    # the pixel's projection onto the segment, as a fraction of it, clipped to the segment
    f = np.clip((rx * dx + ry * dy) / np.where(short, 1, d2_ab)[pm, pt, pl], 0, 1)
    d2 = (rx - f * dx) ** 2 + (ry - f * dy) ** 2
    maps = np.zeros(kps.shape[:2] + (len(limbs), h, w), np.float32)
    maps[pm, pt, pl, yi, xi] = np.exp(d2 * np.float32(-0.5 / sigma ** 2)) * peak[pm, pt, pl]
    return maps.max(0)


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

"""Per-sequence normalisation: 3D view alignment and 2D coordinate scaling (PYSKL semantics),
and the min-max stretch of the CTR-GCN authors' NW-UCLA feeder."""
import logging
from typing import Optional, Sequence, Tuple

import numpy as np
from mmcv.transforms import BaseTransform
from mmengine.logging import print_log

from stgcn_kit.registry import TRANSFORMS
from stgcn_kit.skeleton import LayoutLike, get_layout

from .base import sample_error

# PYSKL's PreNormalize3D joints, NTU RGB+D's anatomy: what a config without a layout gets
PYSKL_LAYOUT = 'nturgb+d'


def axis_angle_matrix(axis: np.ndarray, angle: float) -> np.ndarray:
    """``(3, 3)`` rotation by ``angle`` (radians, right-handed) about ``axis`` (Rodrigues);
    identity when ``axis`` is zero."""
    norm = np.linalg.norm(axis)
    if norm < 1e-8:
        return np.eye(3)
    x, y, z = np.asarray(axis, dtype=np.float64) / norm
    cross = np.array([[0, -z, y], [z, 0, -x], [-y, x, 0]])
    return np.eye(3) + np.sin(angle) * cross + (1 - np.cos(angle)) * cross @ cross


def align_matrix(vector: np.ndarray, target: np.ndarray) -> np.ndarray:
    """``(3, 3)`` rotation about ``vector x target`` taking the direction of ``vector`` onto
    the unit vector ``target``. Identity, as in PYSKL, where ``vector`` vanishes, where it is
    parallel or anti-parallel to ``target`` (no axis to turn about) or the angle is below 1e-6
    (L1 norms below 1e-6 count as zero)."""
    vector = np.asarray(vector, dtype=np.float64)
    target = np.asarray(target, dtype=np.float64)
    axis = np.cross(vector, target)
    if np.abs(vector).sum() < 1e-6 or np.abs(axis).sum() < 1e-6:
        return np.eye(3)
    angle = np.arccos(np.clip(vector @ target / np.linalg.norm(vector), -1.0, 1.0))
    return np.eye(3) if angle < 1e-6 else axis_angle_matrix(axis, angle)


def yaw_to_x(keypoint: np.ndarray, xaxis: Sequence[int], yaw_axis: int) -> float:
    """The turn (radians, right-handed about camera axis ``yaw_axis``) that brings the mean
    over frames of ``kp[xaxis[0]] - kp[xaxis[1]]`` of one person's ``(T, V, 3)`` keypoints,
    projected across that axis, onto +x; 0 when that projection vanishes. Only its direction
    counts, so the angle never tilts the body. Frames where either joint is absent (all zero)
    are left out: in raw camera coordinates their difference would be metres off."""
    ends = keypoint[:, list(xaxis)].astype(np.float64)  # (T, 2, 3)
    both = np.abs(ends).sum(-1).all(-1)
    if not both.any():
        return 0.0
    across = (ends[both, 0] - ends[both, 1]).mean(0)
    across[yaw_axis] = 0
    return float(np.arctan2(np.cross(across, [1, 0, 0])[yaw_axis], across[0]))


@TRANSFORMS.register_module()
class PreNormalize3D(BaseTransform):
    """Align a 3D skeleton sequence to a canonical view, as PYSKL does for NTU RGB+D.

    Frames where the main person is absent (all coordinates within 1e-8 of zero) are dropped;
    the main person is the one present in more frames, moved to index 0 (ties keep the first).
    Coordinates are centred on joint ``center`` of person 0 in the first kept frame (absent
    joints stay zero); then the sequence is rotated so that ``kp[zaxis[1]] - kp[zaxis[0]]``
    (lower -> upper spine) of that frame points along +z, and then
    ``kp[xaxis[0]] - kp[xaxis[1]]`` (left -> right shoulder for NTU's ``xaxis=(8, 4)``) lies
    along +x. Both are PYSKL's conventions, so PYSKL's configs give PYSKL's arrays.

    The joints come from ``layout`` (see :class:`~stgcn_kit.skeleton.Layout`): ``center`` is
    its ``origin``, ``zaxis`` its ``spine``, ``xaxis`` its ``lateral`` (right, left: the
    shoulders, else the hips). Where the layout names no spine or lateral joints, that rotation
    is left out and a log line says so: a custom layout without anatomy is only centred.
    ``zaxis``, ``xaxis`` and ``center`` given explicitly override the layout's. Without a
    layout, the joints are PYSKL's: ``zaxis=(0, 1)``, ``xaxis=(8, 4)``, and the centre joint 1
    for a 25-joint skeleton, else the last joint.

    ``yaw_axis`` (with ``align_spine=False``; not in PYSKL) turns the sequence about that camera
    axis only (1: y, the vertical of an upright Kinect) so that ``kp[xaxis[0]] -
    kp[xaxis[1]]``, averaged over the kept frames and projected onto the plane across that
    axis, lies along +x: the body faces the same way whatever the camera's azimuth, and nothing
    is tilted.

    Required keys: ``keypoint`` ``(M, T, V, 3)``. Modified: ``keypoint`` (float32, fewer
    frames), ``keypoint_score`` if present, ``total_frames``. Added: ``body_center`` ``(3,)``.
    """

    def __init__(self, zaxis: Optional[Sequence[int]] = None,
                 xaxis: Optional[Sequence[int]] = None, align_spine: bool = True,
                 align_center: bool = True, center: Optional[int] = None,
                 yaw_axis: Optional[int] = None, layout: Optional[LayoutLike] = None) -> None:
        if yaw_axis is not None and (align_spine or yaw_axis not in (0, 1, 2)):
            raise ValueError(f'PreNormalize3D yaw_axis must be 0, 1 or 2 and needs '
                             f'align_spine=False, got yaw_axis={yaw_axis}, '
                             f'align_spine={align_spine}')
        anatomy = get_layout(PYSKL_LAYOUT if layout is None else layout)
        self.layout = layout
        self.zaxis = tuple(zaxis) if zaxis is not None else anatomy.spine
        self.xaxis = tuple(xaxis) if xaxis is not None else anatomy.lateral
        self.align_spine = align_spine
        self.align_center = align_center
        # None: PYSKL's rule, decided per skeleton (joint 1 of 25, else the last)
        self.center = center if center is not None or layout is None else anatomy.origin
        self.yaw_axis = yaw_axis
        # without a layout, warn about PYSKL's NTU joints only where one of them is used
        used = [zaxis] * align_spine + [xaxis] * (align_spine or yaw_axis is not None)
        self._check_joint_count = layout is None and None in used
        skipped = []
        if align_spine and self.zaxis is None:
            skipped.append('tilted upright (no spine joints)')
        if (align_spine or yaw_axis is not None) and self.xaxis is None:
            skipped.append('turned to face +x (no shoulder or hip joints)')
        if skipped:
            name = layout if isinstance(layout, str) else 'custom'
            print_log(f'PreNormalize3D: the {name} layout names no such anatomy: sequences are '
                      f'centred on joint {self.center} but not {" nor ".join(skipped)}',
                      logger='current', level=logging.WARNING)

    def _center_joint(self, num_node: int) -> int:
        if self.center is not None:
            return self.center
        return 1 if num_node == get_layout(PYSKL_LAYOUT).num_node else num_node - 1

    def transform(self, results: dict) -> dict:
        kp = np.asarray(results['keypoint'], dtype=np.float32)
        if kp.ndim != 4 or kp.shape[-1] != 3:
            raise sample_error(results, f'PreNormalize3D needs keypoint (M, T, V, 3), '
                                        f'got {kp.shape}')
        center = self._center_joint(kp.shape[2])
        joints = max((center, ) + (self.zaxis or ()) + (self.xaxis or ()))
        if joints >= kp.shape[2]:
            raise sample_error(results, f'PreNormalize3D uses joint {joints} but the skeleton '
                                        f'has {kp.shape[2]} joints')
        if self._check_joint_count and kp.shape[2] != get_layout(PYSKL_LAYOUT).num_node:
            self._check_joint_count = False
            print_log(f'PreNormalize3D has no layout: it takes PYSKL\'s NTU RGB+D joints '
                      f'(spine {self.zaxis}, right - left {self.xaxis}) and centres on the last '
                      f'joint of a {kp.shape[2]}-joint skeleton; name the layout (layout=...) '
                      f'to use its own', logger='current', level=logging.WARNING)
        present = ~np.isclose(kp, 0).all(axis=(2, 3))  # (M, T)
        if kp.sum() == 0 or not present.any():
            return results
        main = int(np.argmax(present.sum(1)))
        order = np.r_[main, np.delete(np.arange(len(kp)), main)]
        keep = present[main]
        kp = kp[order][:, keep]
        if 'keypoint_score' in results:
            results['keypoint_score'] = np.asarray(results['keypoint_score'])[order][:, keep]
        body_center = kp[0, 0, center].copy()
        if self.align_center:
            kp = (kp - body_center) * (kp != 0).any(-1, keepdims=True)
        rot = np.eye(3)
        if self.align_spine and self.zaxis is not None:
            rot = align_matrix(kp[0, 0, self.zaxis[1]] - kp[0, 0, self.zaxis[0]], [0, 0, 1])
        if self.align_spine and self.xaxis is not None:
            rot = align_matrix(rot @ (kp[0, 0, self.xaxis[0]] - kp[0, 0, self.xaxis[1]]),
                               [1, 0, 0]) @ rot
        if self.yaw_axis is not None and self.xaxis is not None:
            angle = yaw_to_x(kp[0], self.xaxis, self.yaw_axis)
            rot = axis_angle_matrix(np.eye(3)[self.yaw_axis], angle)
        results['keypoint'] = (kp @ rot.T).astype(np.float32)
        results['total_frames'] = kp.shape[1]
        results['body_center'] = body_center
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(zaxis={self.zaxis}, xaxis={self.xaxis}, '
                f'align_spine={self.align_spine}, align_center={self.align_center}, '
                f'center={self.center}, yaw_axis={self.yaw_axis}, layout={self.layout!r})')


@TRANSFORMS.register_module()
class PreNormalize2D(BaseTransform):
    """Scale 2D pixel coordinates to about ``[-1, 1]``, as PYSKL does.

    ``keypoint_score`` (popped) becomes the last channel of ``keypoint``; joints whose score is
    at or below ``threshold`` get ``x = y = 0``, after scaling. ``threshold=None`` is
    mmaction2 1.x's ``PreNormalize2D``: the score stays in ``keypoint_score`` and no joint is
    zeroed. Modes:

    - ``'fix'``: the image ``(h, w)`` (``results['img_shape']``, else ``img_shape``) maps onto
      ``[-1, 1]`` per axis.
    - ``'auto'`` (PYSKL's): the box of the joints above the threshold (of all joints without a
      score) maps onto ``[-1, 1]`` per axis, each axis stretched on its own; a box no wider or
      no taller than 10 leaves the coordinates as they are.
    - ``'box'`` (not in PYSKL; for skeletons without an image size): centred on that box and
      divided by half its longer side, so the aspect ratio is kept whatever the box's size.

    Required keys: ``keypoint`` ``(M, T, V, 2)``, or ``(M, T, V, 3)`` with the score last.
    Modified: ``keypoint`` ``(M, T, V, 3)`` when there is a score (and a threshold). Removed:
    ``keypoint_score`` (unless ``threshold=None``).
    """

    MODES = ('fix', 'auto', 'box')

    def __init__(self, img_shape: Tuple[int, int] = (1080, 1920),
                 threshold: Optional[float] = 0.01,
                 mode: str = 'fix') -> None:
        if mode not in self.MODES:
            raise ValueError(f'PreNormalize2D mode must be one of {self.MODES}, got {mode!r}')
        self.img_shape = tuple(img_shape)
        self.threshold = threshold
        self.mode = mode

    def _box(self, xy: np.ndarray,
             valid: np.ndarray) -> Tuple[Optional[np.ndarray], Optional[np.ndarray]]:
        """``(centre, half size)`` of the box of ``xy[valid]`` per axis; ``None``s when the
        coordinates stay as they are."""
        if not valid.any():
            return None, None
        low, high = xy[valid].min(0), xy[valid].max(0)
        if self.mode == 'box':
            return (low + high) / 2, np.full(2, max(float((high - low).max()) / 2, 1e-6))
        if (high - low <= 10).any():
            return None, None
        return (low + high) / 2, (high - low) / 2

    def transform(self, results: dict) -> dict:
        # a copy: the coordinates are scaled in place below, the record's own stay as they are
        kp = np.array(results['keypoint'], dtype=np.float32)
        merge = self.threshold is not None
        if merge and 'keypoint_score' in results and kp.ndim == 4 and kp.shape[-1] == 2:
            score = np.asarray(results.pop('keypoint_score'), dtype=np.float32)
            kp = np.concatenate([kp, score[..., None]], axis=-1)
        if kp.ndim != 4 or kp.shape[-1] not in (2, 3):
            raise sample_error(results, f'PreNormalize2D needs keypoint (M, T, V, 2) or '
                                        f'(M, T, V, 3) with the score last, got {kp.shape}')
        absent = kp[..., 2] <= self.threshold if merge and kp.shape[-1] == 3 else None
        xy = kp[..., :2].copy()
        if absent is not None:
            valid = ~absent
        elif 'keypoint_score' in results:  # kept apart (threshold=None)
            valid = np.asarray(results['keypoint_score']) > 0
        elif self.mode == 'box':
            valid = np.abs(xy).sum(-1) > 0
        else:
            valid = np.ones(xy.shape[:-1], bool)
        if self.mode == 'fix':
            h, w = results.get('img_shape', self.img_shape)
            centre = half = np.array([w / 2, h / 2])
        else:
            centre, half = self._box(xy, valid)
        if centre is not None:
            kp[..., :2] = (xy - centre) / half
        if absent is not None:
            kp[..., :2][absent] = 0
        elif self.mode == 'box':
            kp[..., :2][~valid] = 0
        results['keypoint'] = kp
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(img_shape={self.img_shape}, '
                f'threshold={self.threshold}, mode={self.mode!r})')


@TRANSFORMS.register_module()
class CentreFrame(BaseTransform):
    """Move the origin of 2D coordinates to the frame centre, keeping their scale, and put
    joints of score 0 (absent) at the origin: the original ST-GCN Kinetics feeder's
    centralisation (``x - 0.5``, ``y - 0.5`` on coordinates normalised to the frame). The
    rotation and scaling of ``RandomMove`` then pivot on the frame centre.

    Args:
        img_shape: ``(h, w)`` of the frame in the keypoints' units when the record has no
            ``img_shape``; Kinetics-skeleton records say ``(1, 1)``.

    Required keys: ``keypoint`` ``(M, T, V, 2)``, optional ``keypoint_score`` ``(M, T, V)``.
    Modified: ``keypoint``.
    """

    def __init__(self, img_shape: Tuple[float, float] = (1, 1)) -> None:
        self.img_shape = tuple(img_shape)

    def transform(self, results: dict) -> dict:
        kp = np.asarray(results['keypoint'], dtype=np.float32)
        if kp.ndim != 4 or kp.shape[-1] != 2:
            raise sample_error(results, f'CentreFrame needs keypoint (M, T, V, 2), got '
                                        f'{kp.shape}')
        h, w = results.get('img_shape', self.img_shape)
        kp = kp - np.array([w / 2, h / 2], dtype=np.float32)
        if 'keypoint_score' in results:
            kp[np.asarray(results['keypoint_score']) == 0] = 0
        results['keypoint'] = kp
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(img_shape={self.img_shape})'


@TRANSFORMS.register_module()
class MinMaxNormalize(BaseTransform):
    """Stretch each coordinate axis of a sequence onto ``[low, high]``: over every present
    joint of every person and frame, the smallest coordinate on an axis goes to ``low`` and the
    largest to ``high``. This is the CTR-GCN authors' NW-UCLA normalisation (after centring and
    the random view rotation, before sampling frames); it also undoes any uniform scaling, so a
    scale augmentation before it has no effect.

    Absent joints (all coordinates zero, PYSKL's convention) stay zero. An axis whose present
    coordinates are all equal goes to the middle of the range.

    Required keys: ``keypoint`` ``(M, T, V, C)``. Modified: ``keypoint`` (float32).
    """

    def __init__(self, low: float = -1.0, high: float = 1.0) -> None:
        if not low < high:
            raise ValueError(f'MinMaxNormalize needs low < high, got low={low}, high={high}')
        self.low = float(low)
        self.high = float(high)

    def transform(self, results: dict) -> dict:
        kp = np.asarray(results['keypoint'], dtype=np.float64)
        if kp.ndim != 4:
            raise sample_error(results, f'MinMaxNormalize needs keypoint (M, T, V, C), got '
                                        f'{kp.shape}')
        present = np.abs(kp).sum(-1) > 0  # (M, T, V)
        if not present.any():
            results['keypoint'] = kp.astype(np.float32)
            return results
        coords = kp[present]  # (P, C)
        lowest, highest = coords.min(0), coords.max(0)
        span = highest - lowest
        flat = span == 0
        unit = (coords - lowest) / np.where(flat, 1, span)
        unit[:, flat] = 0.5
        out = np.zeros_like(kp)
        out[present] = self.low + unit * (self.high - self.low)
        results['keypoint'] = out.astype(np.float32)
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(low={self.low}, high={self.high})'

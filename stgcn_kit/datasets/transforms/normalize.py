"""Per-sequence normalisation: 3D view alignment and 2D coordinate scaling (PYSKL semantics)."""
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
    """``(3, 3)`` rotation taking the direction of ``vector`` onto ``target``; identity for a
    zero ``vector``."""
    norm = np.linalg.norm(vector)
    if norm < 1e-8:
        return np.eye(3)
    u = vector / norm
    target = np.asarray(target, dtype=np.float64)
    angle = np.arccos(np.clip(u @ target, -1.0, 1.0))
    axis = np.cross(u, target)
    if np.linalg.norm(axis) < 1e-8 and angle > np.pi / 2:
        # anti-parallel: any axis perpendicular to target turns it round
        axis = np.cross(target, np.eye(3)[np.argmin(np.abs(target))])
    return axis_angle_matrix(axis, angle)


def yaw_to_x(keypoint: np.ndarray, xaxis: Sequence[int], yaw_axis: int) -> float:
    """The turn (radians, right-handed about camera axis ``yaw_axis``) that brings the mean
    over frames of joint ``xaxis[0] -> xaxis[1]`` of one person's ``(T, V, 3)`` keypoints,
    projected across that axis, onto +x; 0 when that projection vanishes. Only its direction
    counts, so the angle never tilts the body. Frames where either joint is absent (all zero)
    are left out: in raw camera coordinates their difference would be metres off."""
    ends = keypoint[:, list(xaxis)].astype(np.float64)  # (T, 2, 3)
    both = np.abs(ends).sum(-1).all(-1)
    if not both.any():
        return 0.0
    across = (ends[both, 1] - ends[both, 0]).mean(0)
    across[yaw_axis] = 0
    return float(np.arctan2(np.cross(across, [1, 0, 0])[yaw_axis], across[0]))


@TRANSFORMS.register_module()
class PreNormalize3D(BaseTransform):
    """Align a 3D skeleton sequence to a canonical view, as PYSKL does for NTU RGB+D.

    Frames where the main person is all zero are dropped (the main person is the one with more
    non-empty frames, moved to index 0, as in PYSKL); coordinates are centred on ``center`` of
    person 0 in the first kept frame (absent joints stay zero); then the sequence is rotated so
    that ``zaxis[0] -> zaxis[1]`` of that frame points along +z and ``xaxis[0] -> xaxis[1]``
    lies along +x.

    The joints come from ``layout`` (see :class:`~stgcn_kit.skeleton.Layout`): ``center`` is
    its ``origin``, ``zaxis`` its ``spine``, ``xaxis`` its ``lateral`` (right -> left shoulder,
    else hip). Where the layout does not name a spine or lateral joints, that rotation is left
    out and a log line says so: a custom layout without anatomy is only centred. ``zaxis``,
    ``xaxis`` and ``center`` given explicitly override the layout's. Without a layout, the
    joints are PYSKL's defaults, NTU RGB+D's (``center=1, zaxis=(0, 1), xaxis=(8, 4)``, also
    right for NW-UCLA's Kinect v1 order), so PYSKL's configs give PYSKL's results; a skeleton
    of another joint count then gets a warning.

    ``yaw_axis`` (with ``align_spine=False``) turns the sequence about that camera axis only (1:
    y, the vertical of an upright Kinect) so that ``xaxis[0] -> xaxis[1]``, averaged over the
    kept frames and projected onto the plane across that axis, lies along +x: the body faces
    the same way whatever the camera's azimuth, and nothing is tilted.

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
        self.center = center if center is not None else anatomy.origin
        self.yaw_axis = yaw_axis
        # without a layout, warn about PYSKL's NTU joints only where one of them is used
        used = [center] + [zaxis] * align_spine + [xaxis] * (align_spine or yaw_axis is not None)
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

    def transform(self, results: dict) -> dict:
        kp = np.asarray(results['keypoint'], dtype=np.float32)
        if kp.ndim != 4 or kp.shape[-1] != 3:
            raise sample_error(results, f'PreNormalize3D needs keypoint (M, T, V, 3), '
                                        f'got {kp.shape}')
        joints = max((self.center, ) + (self.zaxis or ()) + (self.xaxis or ()))
        if joints >= kp.shape[2]:
            raise sample_error(results, f'PreNormalize3D uses joint {joints} but the skeleton '
                                        f'has {kp.shape[2]} joints')
        if self._check_joint_count and kp.shape[2] != get_layout(PYSKL_LAYOUT).num_node:
            self._check_joint_count = False
            print_log(f'PreNormalize3D has no layout: it takes NTU RGB+D\'s joints (centre '
                      f'{self.center}, spine {self.zaxis}, right -> left {self.xaxis}) for a '
                      f'{kp.shape[2]}-joint skeleton; name the layout (layout=...) to use its '
                      f'own', logger='current', level=logging.WARNING)
        present = np.abs(kp).sum(axis=(2, 3)) > 0  # (M, T)
        if not present.any():
            return results
        main = int(np.argmax(present.sum(1)))
        order = np.r_[main, np.delete(np.arange(len(kp)), main)]
        keep = present[main]
        kp = kp[order][:, keep]
        if 'keypoint_score' in results:
            results['keypoint_score'] = np.asarray(results['keypoint_score'])[order][:, keep]
        center = kp[0, 0, self.center].copy()
        if self.align_center:
            joint_present = np.abs(kp).sum(-1, keepdims=True) > 0
            kp = (kp - center) * joint_present
        if self.align_spine and (self.zaxis is not None or self.xaxis is not None):
            rot = np.eye(3)
            if self.zaxis is not None:
                rot = align_matrix(kp[0, 0, self.zaxis[1]] - kp[0, 0, self.zaxis[0]], [0, 0, 1])
            if self.xaxis is not None:
                rot = align_matrix(rot @ (kp[0, 0, self.xaxis[1]] - kp[0, 0, self.xaxis[0]]),
                                   [1, 0, 0]) @ rot
            kp = kp @ rot.T.astype(np.float32)
        if self.yaw_axis is not None and self.xaxis is not None:
            angle = yaw_to_x(kp[0], self.xaxis, self.yaw_axis)
            kp = kp @ axis_angle_matrix(np.eye(3)[self.yaw_axis], angle).T.astype(np.float32)
        results['keypoint'] = kp
        results['total_frames'] = kp.shape[1]
        results['body_center'] = center
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(zaxis={self.zaxis}, xaxis={self.xaxis}, '
                f'align_spine={self.align_spine}, align_center={self.align_center}, '
                f'center={self.center}, yaw_axis={self.yaw_axis}, layout={self.layout!r})')


@TRANSFORMS.register_module()
class PreNormalize2D(BaseTransform):
    """Scale 2D pixel coordinates to about ``[-1, 1]``.

    ``mode='fix'`` maps the image ``(h, w)`` (``results['img_shape']``, else ``img_shape``)
    onto ``[-1, 1]`` per axis, as PYSKL does. ``mode='auto'`` centres on the bounding box of
    the valid joints (score > 0, or non-zero coordinates when there is no score) and divides by
    half its longer side, keeping the aspect ratio; absent joints stay at zero.

    Required keys: ``keypoint`` ``(M, T, V, 2)``. Modified: ``keypoint``.
    """

    def __init__(self, img_shape: Tuple[int, int] = (1080, 1920), mode: str = 'fix') -> None:
        if mode not in ('fix', 'auto'):
            raise ValueError(f"PreNormalize2D mode must be 'fix' or 'auto', got {mode!r}")
        self.img_shape = tuple(img_shape)
        self.mode = mode

    def transform(self, results: dict) -> dict:
        kp = np.asarray(results['keypoint'], dtype=np.float32)
        if kp.ndim != 4 or kp.shape[-1] != 2:
            raise sample_error(results, f'PreNormalize2D needs keypoint (M, T, V, 2), '
                                        f'got {kp.shape}')
        if self.mode == 'fix':
            h, w = results.get('img_shape', self.img_shape)
            half = np.array([w / 2, h / 2], dtype=np.float32)
            results['keypoint'] = (kp - half) / half
            return results
        if 'keypoint_score' in results:
            valid = np.asarray(results['keypoint_score']) > 0
        else:
            valid = np.abs(kp).sum(-1) > 0
        if not valid.any():
            return results
        low, high = kp[valid].min(0), kp[valid].max(0)
        half = max(float((high - low).max()) / 2, 1e-6)
        results['keypoint'] = (kp - (low + high) / 2) / half * valid[..., None]
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(img_shape={self.img_shape}, mode={self.mode!r})'


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

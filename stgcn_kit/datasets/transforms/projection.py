"""3D camera-space skeletons to 2D pixels, so that PoseC3D can read depth-sensor datasets."""
from typing import Sequence

import numpy as np
from mmcv.transforms import BaseTransform

from stgcn_kit.registry import TRANSFORMS

from .base import sample_error

# Kinect v1 depth camera, nominal intrinsics published in the Kinect for Windows SDK 1.x
# (NuiImageCamera.h: NUI_CAMERA_DEPTH_NOMINAL_FOCAL_LENGTH_IN_PIXELS = 285.63 for 320 x 240;
# NuiTransformSkeletonToDepthImage puts the principal point at the image centre), scaled to
# the 640 x 480 depth image.
KINECT_V1_DEPTH_FOCAL = (571.26, 571.26)
KINECT_V1_DEPTH_CENTER = (320., 240.)
KINECT_V1_DEPTH_SHAPE = (480, 640)


@TRANSFORMS.register_module()
class PinholeProject(BaseTransform):
    """Project camera-space joints ``(x, y, z)`` (x right, y up, z away from the camera, as the
    Kinect SDK reports skeletons) with a pinhole camera: ``u = cx + fx * x / z``,
    ``v = cy - fy * y / z`` (image rows grow downwards).

    Defaults are the Kinect v1 depth camera's (NW-UCLA's sensor); pass another camera's
    ``focal``/``center``/``img_shape`` for other data.
    Joints at ``z <= 0`` or all-zero (missing) become ``(0, 0)`` with score 0; the others keep
    their ``keypoint_score`` (1 when absent).

    Required keys: ``keypoint`` ``(M, T, V, 3)``. Modified: ``keypoint`` ``(M, T, V, 2)``.
    Added: ``keypoint_score`` ``(M, T, V)`` (when absent), ``img_shape``.
    """

    def __init__(self, focal: Sequence[float] = KINECT_V1_DEPTH_FOCAL,
                 center: Sequence[float] = KINECT_V1_DEPTH_CENTER,
                 img_shape: Sequence[int] = KINECT_V1_DEPTH_SHAPE) -> None:
        self.focal = tuple(float(f) for f in focal)
        self.center = tuple(float(c) for c in center)
        self.img_shape = tuple(int(s) for s in img_shape)

    def transform(self, results: dict) -> dict:
        kp = np.asarray(results.get('keypoint'), dtype=np.float32)
        if kp.ndim != 4 or kp.shape[-1] != 3:
            raise sample_error(results, f'PinholeProject needs 3D keypoint (M, T, V, 3), got '
                                        f'{kp.shape}')
        x, y, z = kp[..., 0], kp[..., 1], kp[..., 2]
        present = z > 0
        safe_z = np.where(present, z, 1)
        uv = np.stack([self.center[0] + self.focal[0] * x / safe_z,
                       self.center[1] - self.focal[1] * y / safe_z], -1)
        uv[~present] = 0
        score = np.asarray(results.get('keypoint_score', np.ones(kp.shape[:3])), np.float32)
        results['keypoint'] = uv.astype(np.float32)
        results['keypoint_score'] = np.where(present, score, 0).astype(np.float32)
        results['img_shape'] = self.img_shape
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(focal={self.focal}, center={self.center}, '
                f'img_shape={self.img_shape})')

"""How the joints of pose estimators become the joints of the model's layouts.

Every target joint is the mean of one or more source landmarks: one source is an exact match,
several are an approximation by their midpoint. The approximations, MediaPipe -> Kinect:

- hip centre / spine base (``nturgb+d`` 1, ``nw-ucla`` 1): midpoint of the two hips;
- middle of the spine (2): midpoint of hip centre and shoulder centre;
- neck (``nturgb+d`` 3): midpoint of shoulder centre and mouth centre;
- shoulder centre / spine at the shoulders (``nturgb+d`` 21, ``nw-ucla`` 3): midpoint of the
  shoulders;
- head (4): midpoint of the ears;
- hand (8, 12): midpoint of the pinky and index knuckles;
- hand tip / thumb (``nturgb+d`` 22-25): the index and thumb landmarks;
- foot (16, 20): the foot-index (toe) landmark.

MediaPipe's hips are anatomical hip joints, a little wider than Kinect's, so the hip joints
(13, 17) are approximate too. COCO joints and OpenPose joints other than the neck (midpoint
of the shoulders) are exact.
"""
from typing import Dict, Tuple

import numpy as np

Sources = Tuple[Tuple[int, ...], ...]

MEDIAPIPE_NUM_LANDMARKS = 33
OPENPOSE_BODY25_NUM = 25
OPENPOSE_COCO18_NUM = 18

# MediaPipe Pose landmarks (left/right of the subject): 0 nose, 2/5 left/right eye, 7/8 left/right
# ear, 9/10 mouth corners, then odd = left, even = right: 11/12 shoulders, 13/14 elbows,
# 15/16 wrists, 17/18 pinky, 19/20 index, 21/22 thumb, 23/24 hips, 25/26 knees, 27/28 ankles,
# 29/30 heels, 31/32 foot index.
_HIPS, _SHOULDERS, _MOUTH, _EARS = (23, 24), (11, 12), (9, 10), (7, 8)
_KINECT_LIMBS = ((11,), (13,), (15,), (17, 19), (12,), (14,), (16,), (18, 20),
                 (23,), (25,), (27,), (31,), (24,), (26,), (28,), (32,))

MEDIAPIPE_TO_LAYOUT: Dict[str, Sources] = {
    'coco': ((0,), (2,), (5,), (7,), (8,), (11,), (12,), (13,), (14,), (15,), (16,), (23,),
             (24,), (25,), (26,), (27,), (28,)),
    'openpose': ((0,), _SHOULDERS, (12,), (14,), (16,), (11,), (13,), (15,), (24,), (26,),
                 (28,), (23,), (25,), (27,), (5,), (2,), (8,), (7,)),
    'nturgb+d': (_HIPS, _HIPS + _SHOULDERS, _SHOULDERS + _MOUTH, _EARS) + _KINECT_LIMBS
                + (_SHOULDERS, (19,), (21,), (20,), (22,)),
    'nw-ucla': (_HIPS, _HIPS + _SHOULDERS, _SHOULDERS, _EARS) + _KINECT_LIMBS,
}
MEDIAPIPE_TO_LAYOUT['ntu-rgb+d'] = MEDIAPIPE_TO_LAYOUT['nturgb+d']

# OpenPose writes COCO-18 (the ``openpose`` layout) or BODY_25 (18 plus mid-hip and feet).
OPENPOSE_TO_LAYOUT: Dict[int, Dict[str, Sources]] = {
    OPENPOSE_COCO18_NUM: {
        'openpose': tuple((i,) for i in range(18)),
        'coco': ((0,), (15,), (14,), (17,), (16,), (5,), (2,), (6,), (3,), (7,), (4,), (11,),
                 (8,), (12,), (9,), (13,), (10,)),
    },
    OPENPOSE_BODY25_NUM: {
        'openpose': ((0,), (1,), (2,), (3,), (4,), (5,), (6,), (7,), (9,), (10,), (11,), (12,),
                     (13,), (14,), (15,), (16,), (17,), (18,)),
        'coco': ((0,), (16,), (15,), (18,), (17,), (5,), (2,), (6,), (3,), (7,), (4,), (12,),
                 (9,), (13,), (10,), (14,), (11,)),
    },
}

LAYOUTS_2D = ('coco', 'openpose')
LAYOUTS_3D = ('nturgb+d', 'ntu-rgb+d', 'nw-ucla')


def map_joints(points: np.ndarray, sources: Sources) -> np.ndarray:
    """``(..., S, C)`` source landmarks -> ``(..., V, C)`` target joints, each the mean of its
    ``sources`` entry."""
    return np.stack([points[..., list(src), :].mean(axis=-2) for src in sources], axis=-2)


def map_scores(scores: np.ndarray, sources: Sources) -> np.ndarray:
    """``(..., S)`` source confidences -> ``(..., V)``: a derived joint is only as sure as its
    least sure source."""
    return np.stack([scores[..., list(src)].min(axis=-1) for src in sources], axis=-1)


def mediapipe_sources(layout: str) -> Sources:
    """The MediaPipe sources of ``layout``'s joints; ``ValueError`` for layouts without one."""
    if layout not in MEDIAPIPE_TO_LAYOUT:
        raise ValueError(f'no MediaPipe mapping for layout {layout!r}; '
                         f'mapped layouts: {sorted(MEDIAPIPE_TO_LAYOUT)}')
    return MEDIAPIPE_TO_LAYOUT[layout]


def openpose_sources(num_keypoints: int, layout: str, source: str = '') -> Sources:
    """The OpenPose (COCO-18 or BODY_25) sources of ``layout``'s joints."""
    where = f'{source}: ' if source else ''
    if num_keypoints not in OPENPOSE_TO_LAYOUT:
        raise ValueError(f'{where}{num_keypoints} keypoints per person; OpenPose JSON must hold '
                         f'COCO-18 or BODY_25 poses')
    if layout not in OPENPOSE_TO_LAYOUT[num_keypoints]:
        raise ValueError(f'{where}OpenPose poses map to the 2D layouts {list(LAYOUTS_2D)}, '
                         f'not {layout!r}')
    return OPENPOSE_TO_LAYOUT[num_keypoints][layout]


def mediapipe_world_to_kinect(points: np.ndarray) -> np.ndarray:
    """``(..., 3)`` MediaPipe world landmarks (metres; x right, y down, z away from the camera)
    -> Kinect camera axes as NTU RGB+D and NW-UCLA store them (y up, z away, x such that the
    subject's left shoulder has the smaller x). It is a rotation by 180 degrees about the depth
    axis, so the skeleton keeps its handedness. The origin stays at the hips: MediaPipe does
    not measure the distance to the camera."""
    return points * np.array([-1.0, -1.0, 1.0], dtype=points.dtype)

"""The built-in layouts: the skeletons of NTU RGB+D (Kinect v2), NW-UCLA (Kinect v1), COCO-17,
OpenPose-18 and MediaPipe's hand, as PYSKL / mmaction2 / ST-GCN / CTR-GCN define their graphs.
Joint names follow the datasets' and estimators' documentation; left and right are the
subject's."""
from typing import Dict, Sequence, Tuple

from .layout import Edge, Layout


def _one_based(edges: Sequence[Edge]) -> Tuple[Edge, ...]:
    return tuple((i - 1, j - 1) for i, j in edges)


def _mirror_pairs(names: Sequence[str]) -> Tuple[Edge, ...]:
    """``(left, right)`` joints whose names differ only in a ``left_`` / ``right_`` prefix."""
    index = {name: v for v, name in enumerate(names)}
    return tuple((v, index['right_' + name[len('left_'):]]) for v, name in enumerate(names)
                 if name.startswith('left_'))


_KINECT_LIMBS = ('left_shoulder', 'left_elbow', 'left_wrist', 'left_hand', 'right_shoulder',
                 'right_elbow', 'right_wrist', 'right_hand', 'left_hip', 'left_knee',
                 'left_ankle', 'left_foot', 'right_hip', 'right_knee', 'right_ankle',
                 'right_foot')
_NTU_NAMES = (('spine_base', 'spine_mid', 'neck', 'head') + _KINECT_LIMBS
              + ('spine_shoulder', 'left_hand_tip', 'left_thumb', 'right_hand_tip',
                 'right_thumb'))
_UCLA_NAMES = ('hip_center', 'spine', 'shoulder_center', 'head') + _KINECT_LIMBS
_COCO_NAMES = ('nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear', 'left_shoulder',
               'right_shoulder', 'left_elbow', 'right_elbow', 'left_wrist', 'right_wrist',
               'left_hip', 'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle')
_OPENPOSE_NAMES = ('nose', 'neck', 'right_shoulder', 'right_elbow', 'right_wrist',
                   'left_shoulder', 'left_elbow', 'left_wrist', 'right_hip', 'right_knee',
                   'right_ankle', 'left_hip', 'left_knee', 'left_ankle', 'right_eye', 'left_eye',
                   'right_ear', 'left_ear')
_HAND_NAMES = ('wrist', 'thumb_cmc', 'thumb_mcp', 'thumb_ip', 'thumb_tip') + tuple(
    f'{finger}_{part}' for finger in ('index_finger', 'middle_finger', 'ring_finger', 'pinky')
    for part in ('mcp', 'pip', 'dip', 'tip'))

_NTU_BODY = ((1, 2), (2, 21), (3, 21), (4, 3), (5, 21), (6, 5), (7, 6), (8, 7), (9, 21), (10, 9),
             (11, 10), (12, 11), (13, 1), (14, 13), (15, 14), (16, 15), (17, 1), (18, 17),
             (19, 18), (20, 19))
# The original ST-GCN chains the hand joints (tip -> thumb -> wrist); PYSKL/mmaction2 attach both
# to the wrist in the graph but keep the chain for bones.
_NTU_ORIGINAL = _one_based(_NTU_BODY + ((22, 23), (23, 8), (24, 25), (25, 12)))
_NTU_PYSKL = _one_based(_NTU_BODY + ((22, 8), (23, 8), (24, 12), (25, 12)))
# Kinect v1 and v2 share the first 20 joints' anatomy: PYSKL's NTU normalisation joints (centre
# on the middle of the spine, base -> middle of the spine up, left -> right shoulder along x).
_KINECT_ANATOMY = dict(dims=3, body_center=1, spine=(0, 1), shoulders=(4, 8), hips=(12, 16))
_NTU = dict(num_node=25, center=20, names=_NTU_NAMES, flip_pairs=_mirror_pairs(_NTU_NAMES),
            **_KINECT_ANATOMY)

LAYOUTS: Dict[str, Layout] = {
    'openpose': Layout(
        num_node=18,
        inward=((4, 3), (3, 2), (7, 6), (6, 5), (13, 12), (12, 11), (10, 9), (9, 8), (11, 5),
                (8, 2), (5, 1), (2, 1), (0, 1), (15, 0), (14, 0), (17, 15), (16, 14)),
        center=1,
        bone_inward=((1, 0), (2, 1), (3, 2), (4, 3), (5, 1), (6, 5), (7, 6), (8, 2), (9, 8),
                     (10, 9), (11, 5), (12, 11), (13, 12), (14, 0), (15, 0), (16, 14), (17, 15)),
        names=_OPENPOSE_NAMES, dims=2, shoulders=(5, 2), hips=(11, 8),
        flip_pairs=_mirror_pairs(_OPENPOSE_NAMES)),
    'coco': Layout(
        num_node=17,
        inward=((15, 13), (13, 11), (16, 14), (14, 12), (11, 5), (12, 6), (9, 7), (7, 5), (10, 8),
                (8, 6), (5, 0), (6, 0), (1, 0), (3, 1), (2, 0), (4, 2)),
        center=0,
        bone_inward=((1, 0), (2, 0), (3, 1), (4, 2), (5, 0), (6, 0), (7, 5), (8, 6), (9, 7),
                     (10, 8), (11, 0), (12, 0), (13, 11), (14, 12), (15, 13), (16, 14)),
        names=_COCO_NAMES, dims=2, shoulders=(5, 6), hips=(11, 12),
        flip_pairs=_mirror_pairs(_COCO_NAMES)),
    'nturgb+d': Layout(inward=_NTU_PYSKL, bone_inward=_NTU_ORIGINAL, **_NTU),
    'ntu-rgb+d': Layout(inward=_NTU_ORIGINAL, **_NTU),
    # the tree of CTR-GCN's NW-UCLA graph
    'nw-ucla': Layout(
        num_node=20,
        inward=_one_based(((1, 2), (2, 3), (4, 3), (5, 3), (6, 5), (7, 6), (8, 7), (9, 3),
                           (10, 9), (11, 10), (12, 11), (13, 1), (14, 13), (15, 14), (16, 15),
                           (17, 1), (18, 17), (19, 18), (20, 19))),
        center=2, names=_UCLA_NAMES, flip_pairs=_mirror_pairs(_UCLA_NAMES), **_KINECT_ANATOMY),
    'handmp': Layout(
        num_node=21,
        inward=((1, 0), (2, 1), (3, 2), (4, 3), (5, 0), (6, 5), (7, 6), (8, 7), (9, 0), (10, 9),
                (11, 10), (12, 11), (13, 0), (14, 13), (15, 14), (16, 15), (17, 0), (18, 17),
                (19, 18), (20, 19)),
        center=0, names=_HAND_NAMES, dims=2),
}

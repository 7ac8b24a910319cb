"""Unpacking PYSKL's compressed pose records (``k400_hrnet.pkl``) into person-by-frame arrays."""
import numpy as np
from mmcv.transforms import BaseTransform

from stgcn_kit.registry import TRANSFORMS

from .base import sample_error


@TRANSFORMS.register_module()
class DecompressPose(BaseTransform):
    """Turn a compressed record, one row per detected box, into ``(M, T, V, 2)`` keypoints.

    A compressed record (PYSKL's Kinetics-400 pickle) holds ``keypoint`` ``(N, V, 3)``: for each
    of its ``N`` boxes the ``x, y, score`` of every joint; ``frame_inds`` ``(N,)``: the frame of
    each box, non-decreasing; ``total_frames``; and optionally ``anno_inds`` (an index or
    boolean mask of the boxes to keep, which :class:`~stgcn_kit.datasets.PoseDataset` sets from
    ``box_score >= box_thr`` when ``valid_ratio > 0``). The boxes of a frame become its persons in
    the order they are stored, so ``M`` is the most boxes any frame has.

    Args:
        squeeze: drop the frames without a box (then ``total_frames`` counts the frames with
            one, in their order).
        max_person: when a frame has more boxes, keep the ``max_person`` with the largest sum
            of joint scores (ties keep their stored order) and set ``num_person``.

    Required keys: ``keypoint``, ``frame_inds``, ``total_frames``. Removed: ``frame_inds``.
    Modified: ``keypoint`` ``(M, T, V, 2)`` float16 and ``total_frames``. Added:
    ``keypoint_score`` ``(M, T, V)`` float16, and ``num_person`` when persons were dropped.
    float16 as PYSKL's, whose file stores float16; ``PoseDecode`` turns the chosen frames into
    float32.
    """

    def __init__(self, squeeze: bool = True, max_person: int = 10) -> None:
        if max_person < 1:
            raise ValueError(f'DecompressPose: max_person must be at least 1, got {max_person}')
        self.squeeze = squeeze
        self.max_person = max_person

    def transform(self, results: dict) -> dict:
        missing = [k for k in ('keypoint', 'frame_inds', 'total_frames') if k not in results]
        if missing:
            raise sample_error(results, f'DecompressPose needs a compressed record; missing '
                                        f'{missing}')
        frame_inds = np.asarray(results.pop('frame_inds')).reshape(-1)
        keypoint = np.asarray(results['keypoint'])
        if keypoint.ndim != 3 or keypoint.shape[-1] != 3 or len(keypoint) != len(frame_inds):
            raise sample_error(results, f'a compressed keypoint is (N, V, 3) with one frame index '
                                        f'per box; got keypoint {keypoint.shape} and '
                                        f'{len(frame_inds)} frame_inds')
        if 'anno_inds' in results:
            frame_inds = frame_inds[results['anno_inds']]
            keypoint = keypoint[results['anno_inds']]
        if not len(frame_inds):
            raise sample_error(results, 'no boxes to decompress (all filtered by anno_inds?)')
        if np.any(np.diff(frame_inds) < 0):
            raise sample_error(results, 'frame_inds must be non-decreasing')
        if self.squeeze:
            _, frame_inds = np.unique(frame_inds, return_inverse=True)
            total_frames = int(frame_inds[-1]) + 1
        else:
            total_frames = int(results['total_frames'])
            if frame_inds[0] < 0 or frame_inds[-1] >= total_frames:
                raise sample_error(results, f'frame_inds span [{frame_inds[0]}, '
                                            f'{frame_inds[-1]}] but total_frames is '
                                            f'{total_frames}')
        # a box's person slot is its rank among the boxes of its frame (frames are sorted)
        slot = np.arange(len(frame_inds)) - np.searchsorted(frame_inds, frame_inds)
        num_person = int(slot.max()) + 1
        num_joints = keypoint.shape[1]
        kp = np.zeros((num_person, total_frames, num_joints, 2), np.float16)
        score = np.zeros((num_person, total_frames, num_joints), np.float16)
        kp[slot, frame_inds] = keypoint[..., :2]
        score[slot, frame_inds] = keypoint[..., 2]
        if num_person > self.max_person:
            # stable: ties keep their stored order and the empty slots (sum 0) stay behind the
            # boxes of their frame; the sum is float16 as PYSKL's, so ties break alike
            order = np.argsort(-score.sum(-1), axis=0, kind='stable')[:self.max_person]
            kp = np.take_along_axis(kp, order[..., None, None], 0)
            score = np.take_along_axis(score, order[..., None], 0)
            results['num_person'] = self.max_person
        results['keypoint'] = kp
        results['keypoint_score'] = score
        results['total_frames'] = total_frames
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(squeeze={self.squeeze}, max_person={self.max_person})'

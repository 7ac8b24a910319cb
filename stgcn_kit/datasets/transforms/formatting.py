"""The last steps of a pipeline: fixing the person count and packing tensors for the model."""
from typing import Sequence

import numpy as np
import torch
from mmcv.transforms import BaseTransform

from stgcn_kit.registry import TRANSFORMS
from stgcn_kit.structures import ActionDataSample
from .base import sample_error
from .features import merge_score


@TRANSFORMS.register_module()
class FormatGCNInput(BaseTransform):
    """Fix the person count to ``num_person`` and split the frames into clips.

    A 2D ``keypoint_score`` is appended as the last channel (and popped). Extra persons are
    dropped; missing ones are zeros (``mode='zero'``) or copies of the present ones in turn
    (``mode='loop'``; PYSKL's loop mode could never trigger).

    Required keys: ``keypoint`` ``(M, num_clips * clip_len, V, C)``, ``num_clips`` (default 1).
    Modified: ``keypoint`` ``(num_clips * num_person, clip_len, V, C)``, clip-major (clip ``i``
    holds rows ``i * num_person`` to ``(i + 1) * num_person - 1``).
    """

    def __init__(self, num_person: int = 2, mode: str = 'zero') -> None:
        if mode not in ('zero', 'loop'):
            raise ValueError(f"FormatGCNInput mode must be 'zero' or 'loop', got {mode!r}")
        if num_person < 1:
            raise ValueError(f'FormatGCNInput num_person must be >= 1, got {num_person}')
        self.num_person = num_person
        self.mode = mode

    def transform(self, results: dict) -> dict:
        kp = merge_score(results)
        if kp.ndim != 4:
            raise sample_error(results, f'FormatGCNInput needs keypoint (M, T, V, C), '
                                        f'got {kp.shape}')
        m, t, v, c = kp.shape
        if m > self.num_person:
            kp = kp[:self.num_person]
        elif m < self.num_person:
            if self.mode == 'loop':
                kp = kp[np.arange(self.num_person) % m]
            else:
                kp = np.concatenate([kp, np.zeros((self.num_person - m, t, v, c), kp.dtype)])
        num_clips = results.get('num_clips', 1)
        if t % num_clips:
            raise sample_error(results, f'{t} frames do not split into {num_clips} clips')
        kp = kp.reshape(self.num_person, num_clips, t // num_clips, v, c).swapaxes(0, 1)
        results['keypoint'] = np.ascontiguousarray(
            kp.reshape(num_clips * self.num_person, t // num_clips, v, c), dtype=np.float32)
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(num_person={self.num_person}, mode={self.mode!r})'


@TRANSFORMS.register_module()
class PackActionInputs(BaseTransform):
    """Pack ``keypoint`` as the model's ``inputs`` and the label and meta information as an
    :class:`ActionDataSample`.

    Returns ``{'inputs': float32 tensor (num_clips * M, T, V, C), 'data_samples':
    ActionDataSample}`` with ``gt_label = results['label']`` when present and the ``meta_keys``
    that the results hold as metainfo.
    """

    def __init__(self, meta_keys: Sequence[str] = ('frame_dir', 'num_clips', 'clip_len',
                                                   'total_frames', 'img_shape',
                                                   'original_shape')) -> None:
        self.meta_keys = tuple(meta_keys)

    def transform(self, results: dict) -> dict:
        if 'keypoint' not in results:
            raise sample_error(results, 'PackActionInputs: no keypoint to pack')
        kp = np.asarray(results['keypoint'])
        if kp.ndim != 4:
            raise sample_error(results, f'PackActionInputs needs keypoint (num_clips * M, T, V, '
                                        f'C) (use FormatGCNInput), got {kp.shape}')
        sample = ActionDataSample()
        if 'label' in results:
            sample.gt_label = results['label']
        sample.set_metainfo({k: results[k] for k in self.meta_keys if k in results})
        return {'inputs': torch.from_numpy(np.ascontiguousarray(kp, dtype=np.float32)),
                'data_samples': sample}

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(meta_keys={self.meta_keys})'

"""The last steps of a pipeline: fixing the person count or the heatmap layout, and packing
tensors for the model."""
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
    Modified: ``keypoint`` ``(num_clips, num_person, clip_len, V, C)`` float32, as in PYSKL.
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
        results['keypoint'] = np.ascontiguousarray(kp, dtype=np.float32)
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(num_person={self.num_person}, mode={self.mode!r})'


@TRANSFORMS.register_module()
class FormatShape(BaseTransform):
    """Lay out frame volumes for a 3D CNN: ``'NCTHW_Heatmap'`` for ``GeneratePoseTarget``'s
    heatmaps, ``'NCTHW'`` (mmaction2's) for channels-last frames.

    Required keys: ``imgs`` ``(V * num_clips * clip_len, C, H, W)`` (``'NCTHW_Heatmap'``, as
    ``GeneratePoseTarget`` makes it, ``V = 2`` views with ``double``) or ``(V * num_clips *
    clip_len, H, W, C)`` (``'NCTHW'``), ``num_clips``, ``clip_len``. Modified: ``imgs``
    ``(V * num_clips, C, clip_len, H, W)``, or ``(C, clip_len, H, W)`` with ``collapse``
    (mmaction2's, for one view). Added: ``input_shape``.
    """

    FORMATS = ('NCTHW_Heatmap', 'NCTHW')

    def __init__(self, input_format: str = 'NCTHW_Heatmap', collapse: bool = False) -> None:
        if input_format not in self.FORMATS:
            raise ValueError(f'FormatShape: input_format must be one of {self.FORMATS} for '
                             f'skeletons, got {input_format!r}')
        self.input_format = input_format
        self.collapse = collapse

    def transform(self, results: dict) -> dict:
        if 'imgs' not in results:
            raise sample_error(results, 'FormatShape needs imgs (use GeneratePoseTarget)')
        imgs = np.asarray(results['imgs'])
        clip_len = int(results.get('clip_len', imgs.shape[0]))
        num_clips = int(results.get('num_clips', 1))
        if imgs.ndim != 4 or imgs.shape[0] % (num_clips * clip_len):
            raise sample_error(results, f'FormatShape: imgs of shape {imgs.shape} is not '
                                        f'(views * {num_clips} clips * {clip_len} frames, ...)')
        imgs = imgs.reshape((-1, clip_len) + imgs.shape[1:])
        imgs = imgs.transpose((0, 2, 1, 3, 4) if self.input_format == 'NCTHW_Heatmap' else
                              (0, 4, 1, 2, 3))
        if self.collapse:
            if len(imgs) != 1:
                raise sample_error(results, f'FormatShape(collapse=True) needs one view, got '
                                            f'{len(imgs)}')
            imgs = imgs[0]
        results['imgs'] = np.ascontiguousarray(imgs)
        results['input_shape'] = imgs.shape
        return results

    def __repr__(self) -> str:
        return (f"{self.__class__.__name__}(input_format='{self.input_format}', "
                f"collapse={self.collapse})")


@TRANSFORMS.register_module()
class PackActionInputs(BaseTransform):
    """Pack ``imgs`` (heatmap volumes) when present, else ``keypoint``, as the model's
    ``inputs`` and the label and meta information as an :class:`ActionDataSample`.

    Returns ``{'inputs': float32 tensor (num_clips, M, T, V, C) or (views, C, T, H, W),
    'data_samples': ActionDataSample}`` with ``gt_label = results['label']`` when present and
    the ``meta_keys`` that the results hold as metainfo.
    """

    def __init__(self, meta_keys: Sequence[str] = ('frame_dir', 'num_clips', 'clip_len',
                                                   'total_frames', 'img_shape',
                                                   'original_shape')) -> None:
        self.meta_keys = tuple(meta_keys)

    def transform(self, results: dict) -> dict:
        if 'imgs' in results:
            return self._pack(results, np.asarray(results['imgs']))
        if 'keypoint' not in results:
            raise sample_error(results, 'PackActionInputs: no keypoint to pack')
        kp = np.asarray(results['keypoint'])
        if kp.ndim != 5:
            raise sample_error(results, f'PackActionInputs needs keypoint (num_clips, M, T, V, '
                                        f'C) (use FormatGCNInput), got {kp.shape}')
        return self._pack(results, kp)

    def _pack(self, results: dict, inputs: np.ndarray) -> dict:
        sample = ActionDataSample()
        if 'label' in results:
            sample.gt_label = results['label']
        sample.set_metainfo({k: results[k] for k in self.meta_keys if k in results})
        return {'inputs': torch.from_numpy(np.ascontiguousarray(inputs, dtype=np.float32)),
                'data_samples': sample}

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(meta_keys={self.meta_keys})'

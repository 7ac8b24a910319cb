"""Input streams: joints (j), bones (b) and their motions (jm, bm), as PYSKL builds them.

When the last channel is a detection score (see
:meth:`stgcn_kit.skeleton.Layout.has_score_channel`), bones and motions of a score are the mean
of the two scores involved, as in PYSKL (its released 2D bone/motion weights expect it).
"""
from typing import Sequence

import numpy as np
from mmcv.transforms import BaseTransform

from stgcn_kit.registry import TRANSFORMS
from stgcn_kit.skeleton import Layout, LayoutLike, get_layout

from .base import sample_error

FEATS = ('j', 'b', 'jm', 'bm')


def joint_to_bone(joints: np.ndarray, layout: Layout, score_channel: bool) -> np.ndarray:
    """``(..., V, C)`` bones: each joint minus its parent in ``layout.bone_pairs`` (the root
    is zero); a score channel becomes the mean of child and parent score."""
    child, parent = np.array(layout.bone_pairs).T
    bone = joints[..., child, :] - joints[..., parent, :]
    if score_channel:
        bone[..., 2] = (joints[..., child, 2] + joints[..., parent, 2]) / 2
    return bone.astype(np.float32)


def to_motion(data: np.ndarray, score_channel: bool) -> np.ndarray:
    """``(M, T, V, C)`` motion: frame ``t + 1`` minus frame ``t``, the last frame zero; a score
    channel becomes the mean of the two frames' scores."""
    motion = np.zeros_like(data, dtype=np.float32)
    motion[:, :-1] = data[:, 1:] - data[:, :-1]
    if score_channel:
        motion[:, :-1, :, 2] = (data[:, 1:, :, 2] + data[:, :-1, :, 2]) / 2
    return motion


def merge_score(results: dict) -> np.ndarray:
    """``keypoint`` with ``keypoint_score`` (popped) appended as the last channel."""
    kp = results['keypoint']
    if 'keypoint_score' not in results:
        return kp
    if kp.shape[-1] != 2:
        raise sample_error(results, f'keypoint_score is only for 2D keypoints, got keypoint '
                                    f'shape {kp.shape}')
    score = results.pop('keypoint_score')
    return np.concatenate([kp, score[..., None]], axis=-1).astype(np.float32)


@TRANSFORMS.register_module()
class JointToBone(BaseTransform):
    """Bones of ``results[source]`` on ``get_layout(dataset).bone_pairs``.

    Required keys: ``source`` ``(M, T, V, C)``. Added: ``target``.
    """

    def __init__(self, dataset: LayoutLike = 'nturgb+d', target: str = 'keypoint',
                 source: str = 'keypoint') -> None:
        self.dataset = dataset
        self.layout = get_layout(dataset)
        self.target = target
        self.source = source

    def transform(self, results: dict) -> dict:
        data = results[self.source]
        if data.ndim != 4 or data.shape[2] != self.layout.num_node:
            raise sample_error(results, f'JointToBone({self.dataset!r}) needs {self.source} '
                                        f'(M, T, {self.layout.num_node}, C), got {data.shape}')
        results[self.target] = joint_to_bone(data, self.layout,
                                             self.layout.has_score_channel(data.shape[-1]))
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(dataset={self.dataset!r}, target={self.target!r})'


@TRANSFORMS.register_module()
class ToMotion(BaseTransform):
    """Temporal difference of ``results[source]`` into ``results[target]``."""

    def __init__(self, dataset: LayoutLike = 'nturgb+d', source: str = 'keypoint',
                 target: str = 'motion') -> None:
        self.dataset = dataset
        self.layout = get_layout(dataset)
        self.source = source
        self.target = target

    def transform(self, results: dict) -> dict:
        data = results[self.source]
        results[self.target] = to_motion(data, self.layout.has_score_channel(data.shape[-1]))
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(source={self.source!r}, target={self.target!r})'


@TRANSFORMS.register_module()
class MergeSkeFeat(BaseTransform):
    """Concatenate (and pop) ``results[k]`` for ``k`` in ``feat_list`` along ``axis`` into
    ``results[target]``."""

    def __init__(self, feat_list: Sequence[str] = ('keypoint', ), target: str = 'keypoint',
                 axis: int = -1) -> None:
        self.feat_list = list(feat_list)
        self.target = target
        self.axis = axis

    def transform(self, results: dict) -> dict:
        missing = [k for k in self.feat_list if k not in results]
        if missing:
            raise sample_error(results, f'MergeSkeFeat: no {missing} in the results')
        results[self.target] = np.concatenate([results.pop(k) for k in self.feat_list],
                                              axis=self.axis)
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(feat_list={self.feat_list}, axis={self.axis})'


@TRANSFORMS.register_module()
class GenSkeFeat(BaseTransform):
    """The requested streams of ``keypoint``, concatenated in ``feats`` order along ``axis``.

    A 2D ``keypoint_score`` is first appended to ``keypoint`` as its last channel (and popped).

    Required keys: ``keypoint`` ``(M, T, V, C)``, optional ``keypoint_score`` ``(M, T, V)``.
    Modified: ``keypoint`` ``(M, T, V, C * len(feats))`` with ``axis=-1``.
    """

    def __init__(self, dataset: LayoutLike = 'nturgb+d', feats: Sequence[str] = ('j', ),
                 axis: int = -1) -> None:
        unknown = [f for f in feats if f not in FEATS]
        if unknown or not feats:
            raise ValueError(f'GenSkeFeat: unknown feats {unknown or list(feats)}; choose from '
                             f'{list(FEATS)}')
        self.dataset = dataset
        self.layout = get_layout(dataset)
        self.feats = list(feats)
        self.axis = axis

    def transform(self, results: dict) -> dict:
        score_merged = 'keypoint_score' in results
        joints = merge_score(results)
        if joints.ndim != 4 or joints.shape[2] != self.layout.num_node:
            raise sample_error(results, f'GenSkeFeat({self.dataset!r}) needs keypoint '
                                        f'(M, T, {self.layout.num_node}, C), got {joints.shape}')
        score = self.layout.has_score_channel(joints.shape[-1], score_merged)
        streams = {'j': joints}
        if 'b' in self.feats or 'bm' in self.feats:
            streams['b'] = joint_to_bone(joints, self.layout, score)
        for feat in ('jm', 'bm'):
            if feat in self.feats:
                streams[feat] = to_motion(streams[feat[0]], score)
        results['keypoint'] = np.concatenate([streams[f] for f in self.feats], axis=self.axis)
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(dataset={self.dataset!r}, feats={self.feats}, '
                f'axis={self.axis})')

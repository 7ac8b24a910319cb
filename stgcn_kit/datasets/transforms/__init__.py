"""Skeleton pipeline transforms, registered by their PYSKL / mmaction2 names so that those
configs port. A transform takes and returns a results dict (a record of the annotation pickle
plus keys such as ``frame_inds``, ``num_clips``, ``clip_len``).

Canonical pipelines (copy into configs; ``feats`` picks the stream: ``['j']``, ``['b']``,
``['jm']`` or ``['bm']``)::

    # NTU RGB+D 60/120, 3D (PYSKL ST-GCN / ST-GCN++ / AAGCN recipes)
    train_pipeline = [
        dict(type='PreNormalize3D'),
        dict(type='GenSkeFeat', dataset='nturgb+d', feats=['j']),
        dict(type='UniformSampleFrames', clip_len=100),
        dict(type='PoseDecode'),
        dict(type='FormatGCNInput', num_person=2),
        dict(type='PackActionInputs'),
    ]
    test_pipeline = [
        dict(type='PreNormalize3D'),
        dict(type='GenSkeFeat', dataset='nturgb+d', feats=['j']),
        dict(type='UniformSampleFrames', clip_len=100, num_clips=10, test_mode=True),
        dict(type='PoseDecode'),
        dict(type='FormatGCNInput', num_person=2),
        dict(type='PackActionInputs'),
    ]

    # NW-UCLA, 3D, one person, 20 joints (cross-view: configs/_base_/datasets/nwucla.py)
    train_pipeline = [
        dict(type='PreNormalize3D', align_spine=False, layout='nw-ucla'),
        dict(type='RandomScale', scale=0.1),
        dict(type='RandomRot', theta=(0.3, 1.05, 0.3)),
        dict(type='GenSkeFeat', dataset='nw-ucla', feats=['j']),
        dict(type='UniformSampleFrames', clip_len=52),
        dict(type='PoseDecode'),
        dict(type='FormatGCNInput', num_person=1),
        dict(type='PackActionInputs'),
    ]
    test_pipeline = [
        dict(type='PreNormalize3D', align_spine=False, layout='nw-ucla'),
        dict(type='GenSkeFeat', dataset='nw-ucla', feats=['j']),
        dict(type='UniformSampleFrames', clip_len=52, num_clips=10, test_mode=True),
        dict(type='PoseDecode'),
        dict(type='FormatGCNInput', num_person=1),
        dict(type='PackActionInputs'),
    ]

    # 2D keypoints (COCO-17 from a pose estimator): the score becomes the last channel
    train_pipeline = [
        dict(type='PreNormalize2D'),
        dict(type='GenSkeFeat', dataset='coco', feats=['j']),
        dict(type='UniformSampleFrames', clip_len=100),
        dict(type='PoseDecode'),
        dict(type='FormatGCNInput', num_person=2),
        dict(type='PackActionInputs'),
    ]

    # 2D keypoints in pixels as PoseC3D heatmap volumes (PYSKL's recipe; configs/posec3d/)
    train_pipeline = [
        dict(type='UniformSampleFrames', clip_len=48),
        dict(type='PoseDecode'),
        dict(type='PoseCompact', hw_ratio=1., allow_imgpad=True),
        dict(type='Resize', scale=(-1, 64)),
        dict(type='RandomResizedCrop', area_range=(0.56, 1.0)),
        dict(type='Resize', scale=(56, 56), keep_ratio=False),
        dict(type='Flip', flip_ratio=0.5, left_kp=left_kp, right_kp=right_kp),
        dict(type='GeneratePoseTarget', with_kp=True, with_limb=False),
        dict(type='FormatShape', input_format='NCTHW_Heatmap'),
        dict(type='PackActionInputs'),
    ]

Wrap a training set in mmengine's ``RepeatDataset`` (``times=5``) for PYSKL's repeated epochs.
For your own skeleton, give the same layout (a built-in name, a layout file or a dict, see
:mod:`stgcn_kit.skeleton`) to ``PreNormalize3D(layout=...)``, ``GenSkeFeat(dataset=...)`` and
``SkeletonFlip(layout=...)``: they take its centre, spine, shoulders, bones and left/right
joints from it.
"""
from .augment import (
                      RandomChooseFrames,
                      RandomGaussianNoise,
                      RandomMove,
                      RandomRot,
                      RandomScale,
                      RandomShift,
                      SkeletonFlip,
)
from .decompress import DecompressPose
from .features import GenSkeFeat, JointToBone, MergeSkeFeat, ToMotion
from .formatting import FormatGCNInput, FormatShape, PackActionInputs
from .geometry import CenterCrop, Flip, PoseCompact, RandomResizedCrop, Resize
from .heatmap import GeneratePoseTarget
from .normalize import CentreFrame, MinMaxNormalize, PreNormalize2D, PreNormalize3D
from .projection import PinholeProject
from .sampling import PadTo, PoseDecode, UniformSampleDecode, UniformSampleFrames

__all__ = ['PreNormalize3D', 'PreNormalize2D', 'CentreFrame', 'MinMaxNormalize', 'JointToBone',
           'ToMotion', 'MergeSkeFeat', 'GenSkeFeat', 'UniformSampleFrames', 'UniformSampleDecode',
           'PadTo', 'PoseDecode', 'RandomRot', 'RandomScale', 'RandomGaussianNoise', 'RandomMove',
           'RandomChooseFrames', 'RandomShift', 'SkeletonFlip', 'FormatGCNInput',
           'PackActionInputs', 'PoseCompact', 'Resize', 'RandomResizedCrop', 'CenterCrop', 'Flip',
           'GeneratePoseTarget', 'FormatShape', 'PinholeProject', 'DecompressPose']

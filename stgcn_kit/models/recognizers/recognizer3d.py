"""The heatmap-volume (PoseC3D) recognizer: a 3D CNN and its head over clips and views."""
from typing import Optional, Sequence, Union

import torch
from torch import nn

from ...registry import MODELS
from ...structures import ActionDataSample
from .recognizer_gcn import RecognizerGCN


@MODELS.register_module()
class Recognizer3D(RecognizerGCN):
    """``cls_head(backbone(x))`` on each view of a sample: views are its clips, and with
    flip test-time augmentation (``GeneratePoseTarget(double=True)``) their mirrors too;
    ``predict`` averages them all as ``test_cfg.average_clips`` says.

    Args: as :class:`RecognizerGCN`; ``backbone`` is ``ResNet3dSlowOnly``, ``C3D`` or ``X3D``,
    ``cls_head`` is ``I3DHead``.

    mmaction2 1.x's places for the same settings build too: ``cls_head.average_clips`` (used
    as ``test_cfg.average_clips``; both given, they must agree) and ``train_cfg`` (accepted
    when empty: none of its options applies to heatmap volumes).

    Inputs are ``(N, views, C, T, H, W)`` heatmap volumes (``FormatShape('NCTHW_Heatmap')``).
    """

    def __init__(self, backbone: dict, cls_head: dict,
                 data_preprocessor: Optional[Union[dict, nn.Module]] = None,
                 test_cfg: Optional[dict] = None, train_cfg: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        if train_cfg:
            raise ValueError(f'Recognizer3D: train_cfg options are not supported, got '
                             f'{train_cfg}')
        test_cfg = dict(test_cfg or {})
        if 'average_clips' in cls_head:
            head_clips = cls_head['average_clips']
            if test_cfg.setdefault('average_clips', head_clips) != head_clips:
                raise ValueError(f"Recognizer3D: cls_head.average_clips={head_clips!r} and "
                                 f"test_cfg.average_clips={test_cfg['average_clips']!r} differ")
        super().__init__(backbone, cls_head, data_preprocessor=data_preprocessor,
                         test_cfg=test_cfg, init_cfg=init_cfg)

    def clips_of(self, inputs: torch.Tensor,
                 data_samples: Optional[Sequence[ActionDataSample]]) -> int:
        """Every view of a sample (clips times flips) counts as a clip."""
        if inputs.dim() != 6:
            raise ValueError(f'Recognizer3D needs inputs (N, views, C, T, H, W), got shape '
                             f'{tuple(inputs.shape)}')
        return inputs.shape[1]

    def extract_scores(self, inputs: torch.Tensor, num_clips: int = 1) -> torch.Tensor:
        """``(N, views, C, T, H, W)`` -> per-view class scores ``(N * views, num_classes)``."""
        return self.cls_head(self.backbone(inputs.flatten(0, 1)))

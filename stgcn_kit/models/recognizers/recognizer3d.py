"""The heatmap-volume (PoseC3D) recognizer: a 3D CNN and its head over clips and views."""
from typing import Optional, Sequence

import torch

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

    Inputs are ``(N, views, C, T, H, W)`` heatmap volumes (``FormatShape('NCTHW_Heatmap')``).
    """

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

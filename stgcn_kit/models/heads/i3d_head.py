"""The classification head of the 3D-CNN (PoseC3D) recognizers."""
from typing import Optional

import torch
from torch import nn

from ...registry import MODELS
from .gcn_head import GCNHead


@MODELS.register_module()
class I3DHead(GCNHead):
    """Average over time and space, dropout, then a linear classifier ``fc_cls``; the loss
    and accuracy are :class:`GCNHead`'s.

    Args:
        num_classes: number of action classes.
        in_channels: ``C`` of the backbone output.
        dropout: dropout probability before ``fc_cls`` (PYSKL's name; ``dropout_ratio`` is
            mmaction2's and wins when given).
        loss_cls: config of the loss, a ``MODELS`` type such as ``CrossEntropyLoss``.
        init_std: std of the normal initialisation of ``fc_cls``.
        spatial_type: ``'avg'`` pooling (the only one PoseC3D uses).
        average_clips: mmaction2 1.x's place for ``Recognizer3D``'s
            ``test_cfg.average_clips``; the recognizer reads it from this head's config.
    """

    def __init__(self, num_classes: int, in_channels: int, dropout: float = 0.5,
                 loss_cls: dict = dict(type='CrossEntropyLoss'), init_std: float = 0.01,
                 spatial_type: str = 'avg', dropout_ratio: Optional[float] = None,
                 average_clips: Optional[str] = None, init_cfg: Optional[dict] = None) -> None:
        if spatial_type != 'avg':
            raise ValueError(f"I3DHead: spatial_type must be 'avg', got {spatial_type!r}")
        super().__init__(num_classes=num_classes, in_channels=in_channels,
                         dropout=dropout if dropout_ratio is None else dropout_ratio,
                         loss_cls=loss_cls,
                         init_cfg=init_cfg or dict(type='Normal', layer='Linear', std=init_std))
        self.pool = nn.AdaptiveAvgPool3d(1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C, T, H, W)`` -> class scores ``(N, num_classes)``."""
        return self.fc_cls(self.dropout(self.pool(x).flatten(1)))

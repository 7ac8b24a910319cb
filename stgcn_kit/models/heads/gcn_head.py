"""The classification head of the skeleton recognizers."""
from typing import Dict, Optional

import torch
from mmengine.model import BaseModule
from torch import nn

from ...registry import MODELS


@MODELS.register_module()
class GCNHead(BaseModule):
    """Average over frames, joints and persons, dropout, then a linear classifier ``fc_cls``.

    Args:
        num_classes: number of action classes.
        in_channels: ``C`` of the backbone output.
        dropout: dropout probability before ``fc_cls``.
        loss_cls: config of the loss, a ``MODELS`` type such as ``CrossEntropyLoss`` (its
            ``label_smoothing`` and ``class_weight`` included).
        init_cfg: initialisation of ``fc_cls`` (PYSKL's ``N(0, 0.01)``).
    """

    def __init__(self, num_classes: int, in_channels: int, dropout: float = 0.,
                 loss_cls: dict = dict(type='CrossEntropyLoss'),
                 init_cfg: Optional[dict] = dict(type='Normal', layer='Linear', std=0.01)) -> None:
        super().__init__(init_cfg=init_cfg)
        self.num_classes = num_classes
        self.in_channels = in_channels
        self.loss_cls = MODELS.build(loss_cls)
        self.dropout = nn.Dropout(dropout)
        self.fc_cls = nn.Linear(in_channels, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, M, C, T, V)`` -> class scores ``(N, num_classes)``."""
        return self.fc_cls(self.dropout(x.mean((-2, -1)).mean(1)))

    def loss(self, cls_score: torch.Tensor, labels: torch.Tensor) -> Dict[str, torch.Tensor]:
        """``loss_cls`` of ``cls_score`` ``(N, num_classes)`` against ``labels`` ``(N,)``, and the
        batch's top-1 accuracy (logged, not optimised)."""
        loss = self.loss_cls(cls_score, labels)
        top1 = (cls_score.detach().argmax(1) == labels).float().mean()
        return dict(loss_cls=loss, top1_acc=top1)

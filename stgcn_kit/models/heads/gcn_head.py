"""The classification head of the skeleton recognizers."""
from typing import Dict, Optional

import torch
import torch.nn.functional as F
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
        label_smoothing: label smoothing of the cross-entropy loss.
        loss_cls: a registered loss (e.g. ``dict(type='CBFocalLoss', samples_per_cls=[...])``)
            called as ``loss_cls(cls_score, labels)``; ``None`` is the cross-entropy above.
        init_cfg: initialisation of ``fc_cls`` (PYSKL's ``N(0, 0.01)``).
    """

    def __init__(self, num_classes: int, in_channels: int, dropout: float = 0.,
                 label_smoothing: float = 0., loss_cls: Optional[dict] = None,
                 init_cfg: Optional[dict] = dict(type='Normal', layer='Linear', std=0.01)) -> None:
        super().__init__(init_cfg=init_cfg)
        self.num_classes = num_classes
        self.in_channels = in_channels
        self.label_smoothing = label_smoothing
        self.loss_cls = MODELS.build(loss_cls) if loss_cls is not None else None
        self.dropout = nn.Dropout(dropout)
        self.fc_cls = nn.Linear(in_channels, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, M, C, T, V)`` -> class scores ``(N, num_classes)``."""
        return self.fc_cls(self.dropout(x.mean((-2, -1)).mean(1)))

    def loss(self, cls_score: torch.Tensor, labels: torch.Tensor) -> Dict[str, torch.Tensor]:
        """The loss (``loss_cls``, else cross entropy) of ``cls_score`` ``(N, num_classes)``
        against ``labels`` ``(N,)``, and the batch's top-1 accuracy (logged, not optimised)."""
        if self.loss_cls is not None:
            loss = self.loss_cls(cls_score, labels)
        else:
            loss = F.cross_entropy(cls_score, labels, label_smoothing=self.label_smoothing)
        top1 = (cls_score.detach().argmax(1) == labels).float().mean()
        return dict(loss_cls=loss, top1_acc=top1)

"""Cross entropy against hard labels, configured as mmaction2's ``CrossEntropyLoss``."""
from typing import Optional, Sequence

import torch
import torch.nn.functional as F
from torch import nn

from ...registry import MODELS


@MODELS.register_module()
class CrossEntropyLoss(nn.Module):
    """``loss_weight * cross_entropy(cls_score, label)``, optionally class-weighted and
    label-smoothed.

    Args:
        loss_weight: factor on the loss.
        class_weight: one weight per class (mmaction2's argument); the mean over the batch is
            then weighted, as :func:`torch.nn.functional.cross_entropy` does.
        label_smoothing: the share of each target spread uniformly over the classes.
    """

    def __init__(self, loss_weight: float = 1., class_weight: Optional[Sequence[float]] = None,
                 label_smoothing: float = 0.) -> None:
        super().__init__()
        if not 0 <= label_smoothing <= 1:
            raise ValueError(f'CrossEntropyLoss: label_smoothing must lie in [0, 1], '
                             f'got {label_smoothing}')
        self.loss_weight = loss_weight
        self.label_smoothing = label_smoothing
        weight = None if class_weight is None else torch.tensor(class_weight,
                                                                dtype=torch.float32)
        # not persistent: configuration, not learned state; checkpoints stay as they were
        self.register_buffer('class_weight', weight, persistent=False)

    def forward(self, cls_score: torch.Tensor, label: torch.Tensor) -> torch.Tensor:
        """``cls_score`` ``(N, num_classes)`` and ``label`` ``(N,)`` class indices -> scalar."""
        if self.class_weight is not None and self.class_weight.numel() != cls_score.size(1):
            raise ValueError(f'CrossEntropyLoss: class_weight has {self.class_weight.numel()} '
                             f'entries for {cls_score.size(1)} classes')
        return self.loss_weight * F.cross_entropy(cls_score, label, weight=self.class_weight,
                                                  label_smoothing=self.label_smoothing)

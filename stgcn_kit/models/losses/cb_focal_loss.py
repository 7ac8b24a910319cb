"""Class-balanced focal loss (Cui et al., CVPR 2019), the loss of BABEL's ``_wfl`` baselines."""
from typing import Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ...registry import MODELS


@MODELS.register_module()
class CBFocalLoss(nn.Module):
    """Sigmoid focal loss over one-hot targets, each sample weighted by its class's inverse
    effective number of samples, as mmaction2's and BABEL's ``CBFocalLoss``.

    A class seen ``n`` times weighs ``(1 - beta) / (1 - beta ** n)``; the weights are scaled to
    sum to the number of classes. For scores ``x`` ``(N, K)`` and one-hot targets ``y``, the loss
    is ``sum(w[label] * (1 - p_t) ** gamma * BCE(x, y)) / N`` with ``p_t = sigmoid(x)`` where
    ``y = 1`` and ``1 - sigmoid(x)`` where ``y = 0``, times ``loss_weight``.

    Args:
        samples_per_cls: training samples of each class, in label order.
        beta: how fast extra samples of a class stop adding information (``0`` weighs all classes
            alike, towards ``1`` weighs by inverse frequency).
        gamma: focusing exponent; ``0`` gives the class-weighted binary cross entropy.
        loss_weight: factor on the loss.
    """

    def __init__(self, samples_per_cls: Sequence[int], beta: float = 0.9999,
                 gamma: float = 2.0, loss_weight: float = 1.0) -> None:
        super().__init__()
        counts = np.asarray(samples_per_cls, dtype=np.float64)
        if counts.ndim != 1 or counts.size == 0 or (counts <= 0).any():
            raise ValueError(f'CBFocalLoss: samples_per_cls must list a positive count per '
                             f'class, got {list(samples_per_cls)!r}')
        if not 0 <= beta < 1:
            raise ValueError(f'CBFocalLoss: beta must lie in [0, 1), got {beta}')
        weights = (1.0 - beta) / (1.0 - np.power(beta, counts)) if beta > 0 else np.ones_like(
            counts)
        weights = weights / weights.sum() * counts.size
        self.register_buffer('class_weight', torch.as_tensor(weights, dtype=torch.float32),
                             persistent=False)
        self.gamma = gamma
        self.loss_weight = loss_weight

    @property
    def num_classes(self) -> int:
        return self.class_weight.numel()

    def forward(self, cls_score: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        """``cls_score`` ``(N, K)`` logits, ``labels`` ``(N,)`` class indices -> scalar loss."""
        if cls_score.dim() != 2 or cls_score.shape[1] != self.num_classes:
            raise ValueError(f'CBFocalLoss: scores of shape (N, {self.num_classes}) expected, '
                             f'got {tuple(cls_score.shape)}')
        target = F.one_hot(labels, self.num_classes).to(cls_score.dtype)
        bce = F.binary_cross_entropy_with_logits(cls_score, target, reduction='none')
        # log(1 - p_t) = log sigmoid(-x) where y = 1 and log sigmoid(x) where y = 0, computed
        # without overflow for large |x|
        log_one_minus_pt = F.logsigmoid(torch.where(target > 0, -cls_score, cls_score))
        focal = torch.exp(self.gamma * log_one_minus_pt) * bce
        weight = self.class_weight.to(cls_score.dtype)[labels]
        return self.loss_weight * (weight[:, None] * focal).sum() / labels.numel()

"""CBFocalLoss against a per-sample, per-class loop over the formula of Cui et al. (2019)."""
import math

import pytest
import torch

from stgcn_kit.models.losses import CBFocalLoss
from stgcn_kit.registry import MODELS


def _brute_force(scores, labels, counts, beta, gamma):
    """The class-balanced sigmoid focal loss written out with ``math`` on Python floats."""
    raw = [(1 - beta) / (1 - beta ** n) for n in counts]
    weights = [w / sum(raw) * len(raw) for w in raw]
    total = 0.0
    for row, label in zip(scores, labels):
        for k, x in enumerate(row):
            y = 1.0 if k == label else 0.0
            p = 1 / (1 + math.exp(-x))
            p_t = p if y else 1 - p
            bce = -(y * math.log(p) + (1 - y) * math.log(1 - p))
            total += weights[label] * (1 - p_t) ** gamma * bce
    return total / len(labels)


@pytest.mark.parametrize('beta,gamma', [(0.9999, 2.0), (0.99, 0.5), (0.9, 0.0)])
def test_matches_the_formula_sample_by_sample(beta, gamma):
    torch.manual_seed(0)
    counts = [518, 1993, 6260, 12, 208]
    scores = torch.randn(7, 5, dtype=torch.float64) * 3
    labels = torch.tensor([0, 1, 2, 3, 4, 3, 2])
    loss = CBFocalLoss(counts, beta=beta, gamma=gamma)(scores, labels)
    expected = _brute_force(scores.tolist(), labels.tolist(), counts, beta, gamma)
    assert loss.item() == pytest.approx(expected, rel=1e-6)


def test_rare_classes_weigh_more_and_weights_sum_to_the_class_count():
    loss = CBFocalLoss([10, 100, 1000], beta=0.999)
    w = loss.class_weight
    assert w[0] > w[1] > w[2] and w.sum().item() == pytest.approx(3)
    # a confident wrong answer on the rare class costs more than the same on the common one
    scores = torch.tensor([[-4.0, 0.0, 4.0]])
    assert loss(scores, torch.tensor([0])) > loss(scores.flip(1), torch.tensor([2]))


def test_large_logits_stay_finite_and_loss_weight_scales():
    scores = torch.tensor([[80.0, -80.0], [-90.0, 90.0]], requires_grad=True)
    loss = CBFocalLoss([3, 5], loss_weight=2.0)(scores, torch.tensor([1, 1]))
    loss.backward()
    assert torch.isfinite(loss) and torch.isfinite(scores.grad).all()
    half = CBFocalLoss([3, 5], loss_weight=1.0)(scores.detach(), torch.tensor([1, 1]))
    assert loss.item() == pytest.approx(2 * half.item())


def test_builds_from_a_config_and_rejects_bad_counts():
    loss = MODELS.build(dict(type='CBFocalLoss', samples_per_cls=[1, 2, 3]))
    assert loss.num_classes == 3
    with pytest.raises(ValueError, match='samples_per_cls'):
        CBFocalLoss([4, 0, 2])
    with pytest.raises(ValueError, match=r'\(N, 3\)'):
        loss(torch.zeros(2, 4), torch.tensor([0, 1]))

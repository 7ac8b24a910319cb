"""CrossEntropyLoss against the formula written out: -sum_c q_c log p_c, weighted mean."""
import pytest
import torch

from stgcn_kit.models.losses import CrossEntropyLoss
from stgcn_kit.registry import MODELS

SCORES = torch.tensor([[2., 0., -1.], [0.5, 0.5, 3.], [1., -2., 0.]])
LABELS = torch.tensor([0, 1, 2])


def by_hand(scores, labels, weight, smoothing):
    """Per sample: target q = (1 - s) one-hot + s / C; loss_i = -sum_c w_c q_c log p_c, and
    the mean weighted by w_{label_i} (torch's definition of a class-weighted mean)."""
    num_classes = scores.shape[1]
    log_p = scores - scores.exp().sum(1, keepdim=True).log()
    total, norm = 0., 0.
    for i, label in enumerate(labels.tolist()):
        q = torch.full((num_classes,), smoothing / num_classes)
        q[label] += 1 - smoothing
        total += -(weight * q * log_p[i]).sum()
        norm += weight[label]
    return total / norm


@pytest.mark.parametrize('class_weight', [None, [1., 2., 0.5]])
@pytest.mark.parametrize('smoothing', [0., 0.1])
def test_matches_the_formula(class_weight, smoothing):
    loss = MODELS.build(dict(type='CrossEntropyLoss', loss_weight=2., class_weight=class_weight,
                             label_smoothing=smoothing))
    weight = torch.ones(3) if class_weight is None else torch.tensor(class_weight)
    torch.testing.assert_close(loss(SCORES, LABELS),
                               2 * by_hand(SCORES, LABELS, weight, smoothing))


def test_class_weights_change_the_loss_and_stay_out_of_the_state_dict():
    plain, weighted = CrossEntropyLoss(), CrossEntropyLoss(class_weight=[1., 5., 1.])
    assert not torch.isclose(plain(SCORES, LABELS), weighted(SCORES, LABELS))
    assert weighted.state_dict() == {}


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match='class_weight has 2 entries for 3 classes'):
        CrossEntropyLoss(class_weight=[1., 2.])(SCORES, LABELS)
    with pytest.raises(ValueError, match='label_smoothing'):
        CrossEntropyLoss(label_smoothing=1.5)

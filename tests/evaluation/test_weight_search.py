"""The fusion weights search: the grid's candidates, the best weights on a hand-made case
whose answer is known, and its tie rules."""
import numpy as np
import pytest

from stgcn_kit.evaluation.result_record import make_record
from stgcn_kit.evaluation.weight_search import candidate_weights, search_weights


def stream(scores, labels):
    return {f's{i}': make_record(f's{i}', label, np.asarray(score, np.float32))
            for i, (score, label) in enumerate(zip(scores, labels))}


def test_candidates_are_normalised_and_unique():
    cands = candidate_weights(2, (0.0, 1.0, 2.0))
    assert cands == [(0.0, 1.0), (1.0, 0.0), (0.5, 0.5), (0.333333, 0.666667),
                     (0.666667, 0.333333)]
    assert len(candidate_weights(3)) == len(set(candidate_weights(3)))


def test_finds_the_weights_a_hand_computation_gives():
    labels = [0, 1, 0, 1]
    # stream a is right on samples 0, 1 and 2, stream b on 3 alone, but b is very sure of 3
    # and a only barely wrong there: a + b (equal weights) gets all four
    a = stream([[0.6, 0.4], [0.4, 0.6], [0.9, 0.1], [0.55, 0.45]], labels)
    b = stream([[0.5, 0.5], [0.5, 0.5], [0.5, 0.5], [0.1, 0.9]], labels)
    weights, top1 = search_weights([a, b], ['a', 'b'])
    assert top1 == 1.0 and weights == (0.5, 0.5)
    # by hand: a alone 3/4, b alone 1/4 (ties go to class 0)
    assert search_weights([a, b], ['a', 'b'], grid=(0.0, 1.0))[0] == (0.5, 0.5)
    # c is sure and wrong on every sample: any weight on it costs a sample of a's three
    wrong = stream([[0.0, 1.0], [1.0, 0.0], [0.0, 1.0], [1.0, 0.0]], labels)
    only_a, acc = search_weights([a, wrong], ['a', 'c'])
    assert only_a == (1.0, 0.0) and acc == 0.75


def test_tie_goes_to_equal_weights():
    labels = [0, 1]
    same = stream([[0.9, 0.1], [0.1, 0.9]], labels)
    assert search_weights([same, same], ['a', 'b'])[0] == (0.5, 0.5)


def test_refuses_other_samples():
    with pytest.raises(ValueError, match='b: holds other samples than a'):
        search_weights([stream([[1, 0]], [0]), stream([[1, 0], [0, 1]], [0, 1])], ['a', 'b'])

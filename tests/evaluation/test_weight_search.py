"""The fusion weights search: the grid's candidates, the best weights on a hand-made case
whose answer is known, and its tie rules; the search within and between groups of streams."""
import numpy as np
import pytest

from stgcn_kit.evaluation.result_record import make_record
from stgcn_kit.evaluation.weight_search import (
    MAX_STREAMS,
    candidate_weights,
    search_group_weights,
    search_weights,
)


def stream(scores, labels):
    return {f's{i}': make_record(f's{i}', label, np.asarray(score, np.float32))
            for i, (score, label) in enumerate(zip(scores, labels))}


def test_candidates_are_normalised_and_unique():
    cands = candidate_weights(2, (0.0, 1.0, 2.0))
    assert cands == [(0.0, 1.0), (1.0, 0.0), (0.5, 0.5), (0.333333, 0.666667),
                     (0.666667, 0.333333)]
    assert len(candidate_weights(3)) == len(set(candidate_weights(3)))


LABELS = [0, 1, 0, 1]


def hand_made_streams():
    """Stream a is right on samples 0, 1 and 2, stream b on 3 alone, but b is very sure of 3
    and a only barely wrong there: a + b (equal weights) gets all four. Stream c is sure and
    wrong on every sample."""
    a = stream([[0.6, 0.4], [0.4, 0.6], [0.9, 0.1], [0.55, 0.45]], LABELS)
    b = stream([[0.5, 0.5], [0.5, 0.5], [0.5, 0.5], [0.1, 0.9]], LABELS)
    c = stream([[0.0, 1.0], [1.0, 0.0], [0.0, 1.0], [1.0, 0.0]], LABELS)
    return a, b, c


def test_finds_the_weights_a_hand_computation_gives():
    a, b, wrong = hand_made_streams()
    weights, top1 = search_weights([a, b], ['a', 'b'])
    assert top1 == 1.0 and weights == (0.5, 0.5)
    # by hand: a alone 3/4, b alone 1/4 (ties go to class 0)
    assert search_weights([a, b], ['a', 'b'], grid=(0.0, 1.0))[0] == (0.5, 0.5)
    # any weight on the wrong stream c costs a sample of a's three
    only_a, acc = search_weights([a, wrong], ['a', 'c'])
    assert only_a == (1.0, 0.0) and acc == 0.75


def test_tie_goes_to_equal_weights():
    labels = [0, 1]
    same = stream([[0.9, 0.1], [0.1, 0.9]], labels)
    assert search_weights([same, same], ['a', 'b'])[0] == (0.5, 0.5)


def test_refuses_other_samples():
    with pytest.raises(ValueError, match='b: holds other samples than a'):
        search_weights([stream([[1, 0]], [0]), stream([[1, 0], [0, 1]], [0, 1])], ['a', 'b'])


def test_groups_are_searched_within_then_between_as_a_hand_computation_gives():
    a, b, wrong = hand_made_streams()
    # within group x, a alone (3/4) beats any share of c; group y is b alone; between them
    # a + b at equal weights gets all four samples
    weights, top1 = search_group_weights([a, wrong, b], ['a', 'c', 'b'], ['x', 'x', 'y'])
    assert weights == (0.5, 0.0, 0.5) and top1 == 1.0
    # the same streams in other groups: {a, b} find their equal weights within, c is dropped
    weights, top1 = search_group_weights([a, b, wrong], ['a', 'b', 'c'], ['x', 'x', 'y'])
    assert weights == (0.5, 0.5, 0.0) and top1 == 1.0


def test_one_group_or_one_stream_a_group_is_the_plain_search():
    rng = np.random.default_rng(3)
    labels = rng.integers(0, 5, 40)
    streams = [stream(rng.random((40, 5)), labels) for _ in range(3)]
    names = ['s0', 's1', 's2']
    plain = search_weights(streams, names)
    assert search_group_weights(streams, names, ['g'] * 3) == plain
    assert search_group_weights(streams, names, names) == plain


def test_too_many_streams_for_one_grid_and_missing_group_names_are_refused():
    one = stream([[1, 0]], [0])
    with pytest.raises(ValueError, match=f'{MAX_STREAMS + 1} streams are too many.*group'):
        search_weights([one] * (MAX_STREAMS + 1), [f's{i}' for i in range(MAX_STREAMS + 1)])
    with pytest.raises(ValueError, match='3 streams but 2 group names'):
        search_group_weights([one] * 3, ['a', 'b', 'c'], ['x', 'y'])

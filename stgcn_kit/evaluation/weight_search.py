"""Choosing fusion weights for several streams' scores on held-out samples: every weight
vector of a small grid, normalised to sum 1, scored by the fused top-1 accuracy."""
import itertools
from typing import Dict, List, Sequence, Tuple

import numpy as np

from .functional import mean_class_accuracy, top_k_accuracy
from .fusion import stacked_scores

GRID = (0.0, 0.5, 1.0, 1.5, 2.0)


def candidate_weights(num_streams: int, grid: Sequence[float] = GRID) -> List[Tuple[float, ...]]:
    """Every vector of ``grid`` values, one per stream, not all zero, normalised to sum 1 and
    without repeats (a fused argmax is the same for any positive multiple), in grid order."""
    seen, out = set(), []
    for combo in itertools.product(grid, repeat=num_streams):
        if sum(combo) <= 0:
            continue
        normed = tuple(round(w / sum(combo), 6) for w in combo)
        if normed not in seen:
            seen.add(normed)
            out.append(normed)
    return out


def search_weights(streams: Sequence[Dict[str, dict]], names: Sequence[str],
                   grid: Sequence[float] = GRID) -> Tuple[Tuple[float, ...], float]:
    """The weights (one per stream) whose weighted sum of scores gives the best top-1 accuracy
    on the samples of ``streams`` (``{frame_dir: record}`` each, the same samples), and that
    accuracy. Ties go to the better mean class accuracy, then to the weights nearest to equal
    ones, then to the first in grid order.

    Args:
        streams: the held-out scores of each stream; ``(N, num_classes)`` once stacked.
        names: the streams' names for error messages.
    """
    order = sorted(streams[0])
    for stream, name in zip(streams, names):
        if set(stream) != set(order):
            raise ValueError(f'{name}: holds other samples than {names[0]}')
    scores = np.stack([stacked_scores(s, order, n).astype(np.float64)
                       for s, n in zip(streams, names)])  # (S, N, num_classes)
    labels = np.array([int(streams[0][k]['gt_label']) for k in order])
    equal = np.full(len(streams), 1 / len(streams))
    best, best_key = None, None
    for weights in candidate_weights(len(streams), grid):
        fused = np.tensordot(np.asarray(weights), scores, axes=1)
        key = (top_k_accuracy(fused, labels, (1, ))[0], mean_class_accuracy(fused, labels),
               -float(np.abs(np.asarray(weights) - equal).sum()))
        if best_key is None or key > best_key:
            best, best_key = weights, key
    return best, float(best_key[0])

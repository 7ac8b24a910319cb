"""Choosing fusion weights for several streams' scores on held-out samples: every weight
vector of a small grid, normalised to sum 1, scored by the fused top-1 accuracy; for many
streams, the grid within groups of streams and then between the groups."""
import itertools
from typing import Dict, List, Sequence, Tuple

import numpy as np

from .functional import mean_class_accuracy, top_k_accuracy
from .fusion import fuse_streams, index_by_sample, stacked_scores

GRID = (0.0, 0.5, 1.0, 1.5, 2.0)
# one grid's candidates grow as len(GRID) ** streams (5 ** 13 = 1.2e9 for thirteen streams):
# beyond this many streams, group them
MAX_STREAMS = 8


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
    if len(streams) > MAX_STREAMS:
        raise ValueError(f'{len(streams)} streams are too many for one grid of weights (at '
                         f'most {MAX_STREAMS}): group them (e.g. by model family) and search '
                         f'within and between the groups')
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


def search_group_weights(streams: Sequence[Dict[str, dict]], names: Sequence[str],
                         groups: Sequence[str], grid: Sequence[float] = GRID
                         ) -> Tuple[Tuple[float, ...], float]:
    """Weights chosen in two stages, for more streams than one grid can try (thirteen
    streams would be ``len(grid) ** 13`` candidates): the streams of each group (e.g. one model
    family's joint, bone and motion streams) by :func:`search_weights` among themselves, then
    the groups' fused scores by :func:`search_weights` again. A stream's weight is its group's
    weight times its weight within the group, so the weights sum to 1.

    Args:
        streams: the held-out scores of each stream (``{frame_dir: record}``, the same samples).
        names: the streams' names for error messages.
        groups: one group name per stream; groups are taken in the order they first appear.

    Returns:
        The weights in the order of ``streams``, and the fused top-1 accuracy they give on
        the held-out samples.
    """
    if len(groups) != len(streams):
        raise ValueError(f'got {len(streams)} streams but {len(groups)} group names; give '
                         f'one group name per stream')
    members = {group: [i for i, g in enumerate(groups) if g == group]
               for group in dict.fromkeys(groups)}
    within, fused_groups = {}, []
    for group, idx in members.items():
        weights, _ = search_weights([streams[i] for i in idx], [names[i] for i in idx], grid)
        within.update(zip(idx, weights))
        fused = fuse_streams([streams[i] for i in idx], [names[i] for i in idx], weights)
        fused_groups.append(index_by_sample(fused, group))
    between, top1 = search_weights(fused_groups, list(members), grid)
    group_weight = dict(zip(members, between))
    return tuple(group_weight[g] * within[i] for i, g in enumerate(groups)), top1

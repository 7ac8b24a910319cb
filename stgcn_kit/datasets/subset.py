"""Subsets of a split: class-stratified ones for learning curves (how a recipe does with 10% or
30% of the training data) on the same validation split, and the samples whose names match a
pattern (one camera view, some subjects) as a split of their own."""
import re
from typing import Dict, List

import numpy as np


def subsample_split(anno: dict, split: str, fraction: float, seed: int = 0,
                    source: str = 'annotation') -> dict:
    """A copy of the pickle dict ``anno`` whose ``split`` keeps ``fraction`` of each class
    (rounded, at least one sample per class), chosen at random with ``seed``; the other splits
    are unchanged and records no split names are dropped.

    Subsets are nested: with the same seed, a smaller fraction picks a subset of a larger one.
    ``ValueError`` naming ``source`` when the split is missing or the fraction is out of (0, 1].
    """
    if not 0 < fraction <= 1:
        raise ValueError(f'{source}: fraction must lie in (0, 1], got {fraction}')
    if split not in anno.get('split', {}):
        raise ValueError(f'{source}: no split {split!r} (splits: {sorted(anno.get("split", {}))})')
    labels = {r['frame_dir']: int(r['label']) for r in anno['annotations']}
    by_class: Dict[int, List[str]] = {}
    for name in anno['split'][split]:
        by_class.setdefault(labels[name], []).append(name)
    rng = np.random.default_rng(seed)
    kept = set()
    for label in sorted(by_class):
        names = by_class[label]
        order = rng.permutation(len(names))  # a prefix of one permutation: nested subsets
        kept.update(names[i] for i in order[:max(1, round(fraction * len(names)))])
    splits = dict(anno['split'])
    splits[split] = [n for n in anno['split'][split] if n in kept]
    used = set().union(*map(set, splits.values()))
    return dict(anno, split=splits, annotations=[r for r in anno['annotations']
                                                 if r['frame_dir'] in used])


def matching_split(anno: dict, split: str, pattern: str, new_split: str,
                   source: str = 'annotation') -> dict:
    """A copy of the pickle dict ``anno`` with one more split, ``new_split``: the samples of
    ``split`` whose name the regular expression ``pattern`` matches (``re.search``), in their
    order; e.g. NW-UCLA's first camera view ``'_v01$'`` of ``train``, to hold out the other
    training view. ``ValueError`` naming ``source`` when the split is missing, ``new_split``
    exists already, the pattern is not a regular expression or matches no sample."""
    splits = anno.get('split', {})
    if split not in splits:
        raise ValueError(f'{source}: no split {split!r} (splits: {sorted(splits)})')
    if new_split in splits:
        raise ValueError(f'{source}: has a split {new_split!r} already; choose another name')
    try:
        regex = re.compile(pattern)
    except re.error as err:
        raise ValueError(f'{pattern!r}: not a regular expression ({err})') from None
    kept = [name for name in splits[split] if regex.search(name)]
    if not kept:
        raise ValueError(f'{source}: no sample of split {split!r} matches {pattern!r} (e.g. '
                         f'{splits[split][0] if splits[split] else "none"})')
    return dict(anno, split=dict(splits, **{new_split: kept}))

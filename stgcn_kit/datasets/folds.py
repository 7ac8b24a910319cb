"""Splitting a list of samples for honest small-data evaluation: a held-out part of a
training split (to choose fusion weights on, never on the test split) and k folds for
cross-validation, both by group (the subject, so that no person is on both sides) when the
sample names say it, else by sample; deterministic given the seed."""
import re
from collections import Counter
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np


def sample_groups(names: Sequence[str], pattern: Optional[str]) -> Dict[str, str]:
    """``{name: group}``: the first group of the regular expression ``pattern`` found in each
    name (e.g. ``'_s(\\d+)_'`` for NW-UCLA's subject), or every sample its own group without a
    pattern; ``ValueError`` naming the first name it does not match."""
    if pattern is None:
        return {name: name for name in names}
    try:
        regex = re.compile(pattern)
    except re.error as err:
        raise ValueError(f'--group-by {pattern!r}: not a regular expression ({err})') from None
    if regex.groups < 1:
        raise ValueError(f'--group-by {pattern!r}: needs a (group) that captures the subject')
    groups = {}
    for name in names:
        match = regex.search(name)
        if match is None:
            raise ValueError(f'--group-by {pattern!r} does not match the sample {name!r}')
        groups[name] = match.group(1)
    return groups


def _shuffled_groups(groups: Dict[str, str], seed: int) -> List[str]:
    # sorted first: the order cannot depend on the order the samples came in
    order = sorted(set(groups.values()))
    return [order[i] for i in np.random.default_rng(seed).permutation(len(order))]


def holdout_split(names: Sequence[str], groups: Dict[str, str], fraction: float,
                  seed: int) -> Tuple[List[str], List[str]]:
    """``(fit, held_out)``: whole groups, in a seeded random order, go to the held-out part
    until it holds at least ``fraction`` of the samples; each part keeps ``names``' order.
    ``ValueError`` when either part would be empty."""
    if not 0 < fraction < 1:
        raise ValueError(f'--holdout {fraction}: give a fraction between 0 and 1')
    sizes = Counter(groups[name] for name in names)
    if len(sizes) < 2:
        raise ValueError(f'{len(names)} training samples in {len(sizes)} group(s): holding '
                         f'out a part for the fusion weights needs two groups at least')
    held, count = set(), 0
    for group in _shuffled_groups({n: groups[n] for n in names}, seed):
        if count >= fraction * len(names) or len(held) == len(sizes) - 1:
            break
        held.add(group)
        count += sizes[group]
    return ([n for n in names if groups[n] not in held], [n for n in names if groups[n] in held])


def kfold_split(names: Sequence[str], groups: Dict[str, str], k: int,
                seed: int) -> List[List[str]]:
    """``k`` test folds covering ``names`` once each: groups from the largest to the smallest
    (in a seeded random order among equal sizes), each to the fold with the fewest samples so
    far (the first such fold on ties), which keeps the folds' sizes close; each fold keeps
    ``names``' order. ``ValueError`` when there are fewer groups than folds."""
    sizes = Counter(groups[name] for name in names)
    if k < 2 or len(sizes) < k:
        raise ValueError(f'--kfold {k}: needs 2 folds at least and a group for each fold '
                         f'({len(sizes)} group(s) in {len(names)} samples)')
    fold_of, counts = {}, [0] * k
    order = sorted(_shuffled_groups({n: groups[n] for n in names}, seed), key=lambda g: -sizes[g])
    for group in order:
        fold = int(np.argmin(counts))
        fold_of[group] = fold
        counts[fold] += sizes[group]
    return [[n for n in names if fold_of[groups[n]] == fold] for fold in range(k)]

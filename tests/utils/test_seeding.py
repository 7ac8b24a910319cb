import random

import numpy as np
import torch

from stgcn_kit.utils.seeding import derive_seed, seed_everything


def _draws():
    return random.random(), float(np.random.rand()), float(torch.rand(()))


def test_derived_seeds_are_deterministic_and_distinct_per_key():
    assert derive_seed(3, 1) == derive_seed(3, 1)
    seeds = {derive_seed(seed, epoch, worker) for seed in (0, 3, 2**40) for epoch in range(20)
             for worker in range(4)}
    assert len(seeds) == 3 * 20 * 4 and all(0 <= s < 2**32 for s in seeds)


def test_seed_everything_repeats_every_generators_draws():
    seed_everything(derive_seed(7, 2))
    first = _draws()
    _draws()
    seed_everything(derive_seed(7, 2))
    assert _draws() == first
    seed_everything(derive_seed(7, 3))
    assert all(a != b for a, b in zip(_draws(), first))

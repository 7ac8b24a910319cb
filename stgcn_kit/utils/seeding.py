"""Seeds derived from a run's seed, and seeding every global generator at once."""
import random

import numpy as np
import torch


def derive_seed(seed: int, *keys: int) -> int:
    """A 32-bit seed determined by ``seed`` (>= 0) and ``keys`` (e.g. the epoch, a worker id),
    with independent streams for different keys."""
    return int(np.random.SeedSequence([seed, *keys]).generate_state(1)[0])


def seed_everything(seed: int) -> None:
    """Seed python's, numpy's and torch's (CPU and CUDA) global generators."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # seeds every CUDA device too

"""Sizing a schedule to a wall-clock budget on this machine: a few training iterations and
test batches of a config are timed, and the number of epochs is the most that lets every run
(train, then score its held-out and test samples) end within the budget, never more than the
config's own schedule."""
import copy
import itertools
import math
import time
from dataclasses import asdict, dataclass
from typing import Callable, Dict, Sequence

import torch
from mmengine.config import Config
from mmengine.optim import build_optim_wrapper
from mmengine.registry import init_default_scope
from mmengine.runner import Runner

from stgcn_kit.registry import MODELS

# the first step of a run pays for allocations and lazy initialisation: timed apart
WARMUP_STEPS = 1


@dataclass(frozen=True)
class StepTimes:
    """Measured costs of one config, in seconds.

    Attributes:
        setup: building the model, its optimizer and loaders (paid by every process a run
            starts: one to train and one to test).
        train_iter: one training iteration (a batch loaded, forward, backward, update).
        test_sample: one tested sample (all its clips).
    """
    setup: float
    train_iter: float
    test_sample: float

    def as_dict(self) -> Dict[str, float]:
        return asdict(self)


def measure_step_times(cfg: Config, iters: int = 3,
                       clock: Callable[[], float] = time.perf_counter) -> StepTimes:
    """Time ``iters`` training iterations and ``iters`` test batches of ``cfg`` after
    :data:`WARMUP_STEPS` untimed ones (the loaders cycle when they hold fewer batches)."""
    init_default_scope(cfg.get('default_scope', 'stgcn_kit'))
    start = clock()
    model = MODELS.build(copy.deepcopy(cfg.model))
    optim = build_optim_wrapper(model, copy.deepcopy(cfg.optim_wrapper))

    def loader(key: str):
        loader_cfg = copy.deepcopy(cfg[key])
        loader_cfg.persistent_workers = False
        return itertools.cycle(Runner.build_dataloader(loader_cfg))

    train, test = loader('train_dataloader'), loader('test_dataloader')
    setup = clock() - start
    model.train()
    for _ in range(WARMUP_STEPS):
        model.train_step(next(train), optim)
    start = clock()
    for _ in range(iters):
        model.train_step(next(train), optim)
    train_iter = (clock() - start) / iters
    model.eval()
    with torch.no_grad():
        for _ in range(WARMUP_STEPS):
            model.test_step(next(test))
        start, samples = clock(), 0
        for _ in range(iters):
            batch = next(test)
            samples += len(batch['inputs'])
            model.test_step(batch)
        test_sample = (clock() - start) / samples
    return StepTimes(setup=setup, train_iter=train_iter, test_sample=test_sample)


@dataclass(frozen=True)
class RunCost:
    """One run of a budget: its config's step times, its training iterations per epoch and
    the samples it scores after training."""
    times: StepTimes
    iters_per_epoch: int
    eval_samples: int


def epochs_for_budget(budget_s: float, runs: Sequence[RunCost], max_epochs: int) -> int:
    """The most epochs, at most ``max_epochs``, for which every run of ``runs`` (two process
    setups, ``epochs * iters_per_epoch`` training iterations, ``eval_samples`` tested samples)
    fits in ``budget_s`` seconds in all; ``ValueError`` when one epoch does not fit."""
    fixed = sum(2 * r.times.setup + r.eval_samples * r.times.test_sample for r in runs)
    per_epoch = sum(r.iters_per_epoch * r.times.train_iter for r in runs)
    epochs = math.floor((budget_s - fixed) / per_epoch) if per_epoch > 0 else max_epochs
    if epochs < 1:
        raise ValueError(f'--time-budget {budget_s / 60:g} min: one epoch of the {len(runs)} '
                         f'run(s) needs about {(fixed + per_epoch) / 60:.1f} min on this machine')
    return min(epochs, max_epochs)


def scale_schedule(cfg: Config, epochs: int, iters_per_epoch: int) -> None:
    """Make ``cfg`` (in place) train ``epochs`` epochs: ``train_cfg.max_epochs`` and every
    epoch-based parameter scheduler's ``begin``/``end`` scaled by the same factor, so a warm-up
    stays the same share of the run (two iterations at least: a ``LinearLR`` over one never
    leaves its start factor)."""
    ratio = epochs / cfg.train_cfg.max_epochs
    cfg.train_cfg.max_epochs = epochs
    for sched in cfg.get('param_scheduler') or []:
        if not sched.get('by_epoch', True):
            continue
        for key in ('begin', 'end'):
            if isinstance(sched.get(key), (int, float)) and sched[key] < 1e8:
                sched[key] = round(sched[key] * ratio, 4)
        if sched.get('type') == 'LinearLR' and isinstance(sched.get('end'), (int, float)):
            sched['end'] = max(sched['end'], round(2 / iters_per_epoch, 4))

"""configs/_base_/schedules/sgd_cosine_small.py: the warm-up (a tenth of the run) and the cosine
chain from iteration 0, so any run length works, and the learning rate is their product."""
import math
from pathlib import Path

import pytest
import torch
from mmengine.config import Config
from mmengine.optim import scheduler as schedulers_module

REPO = Path(__file__).resolve().parents[2]
BASE = REPO / 'configs' / '_base_' / 'schedules' / 'sgd_cosine_small.py'


@pytest.mark.parametrize('max_epochs,iters_per_epoch', [(1, 2), (2, 7), (3, 1), (20, 64)])
def test_lr_is_warmup_times_cosine_for_any_length(max_epochs, iters_per_epoch):
    cfg = Config.fromfile(str(BASE))
    warmup = max(max_epochs / 10, 2 / iters_per_epoch)  # as schedule_for sizes it
    lr0 = cfg.optim_wrapper.optimizer.lr
    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr0)
    schedulers = []
    for step in cfg.param_scheduler:
        step = dict(step)
        if step['type'] == 'LinearLR':
            step['end'] = warmup
        step.setdefault('end', max_epochs)  # what the runner gives an open end
        kind = getattr(schedulers_module, step.pop('type'))
        step.pop('convert_to_iter_based')
        schedulers.append(kind.build_iter_from_epoch(optimizer, epoch_length=iters_per_epoch,
                                                     **step))
    total = max_epochs * iters_per_epoch
    warm_iters = int(warmup * iters_per_epoch)
    assert warm_iters >= 2
    for i in range(total):
        # mmengine's LinearLR reaches its end factor at its last iteration (end - 1)
        ramp = min(i / (warm_iters - 1), 1)
        warm = 0.1 + 0.9 * ramp if i < warm_iters else 1
        expected = lr0 * warm * (1 + math.cos(math.pi * i / total)) / 2
        assert optimizer.param_groups[0]['lr'] == pytest.approx(expected, rel=1e-6, abs=1e-12)
        optimizer.step()
        for scheduler in schedulers:
            scheduler.step()

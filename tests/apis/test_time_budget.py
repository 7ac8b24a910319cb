"""Sizing a schedule to a time budget: the step times measured (with a scripted clock, so
the numbers are known), the epochs a budget allows against a hand computation, and a schedule
scaled to them."""
import pytest
from mmengine.config import Config

from stgcn_kit.apis.time_budget import (
    RunCost,
    StepTimes,
    epochs_for_budget,
    measure_step_times,
    scale_schedule,
)


def test_measure_with_a_scripted_clock(tiny_cfg):
    # calls: start, setup built, train start, train end, test start, test end
    ticks = iter([100.0, 102.5, 110.0, 116.0, 200.0, 203.0])
    times = measure_step_times(tiny_cfg(), iters=3, clock=lambda: next(ticks))
    # 3 test batches of 2 samples (the tiny config's test batch size)
    assert times == StepTimes(setup=2.5, train_iter=2.0, test_sample=0.5)


def test_measure_with_the_real_clock(tiny_cfg):
    times = measure_step_times(tiny_cfg(), iters=1)
    assert times.setup > 0 and times.train_iter > 0 and times.test_sample > 0


def test_epochs_for_budget_by_hand():
    a = RunCost(StepTimes(setup=5, train_iter=0.5, test_sample=0.1), iters_per_epoch=10,
                eval_samples=100)
    b = RunCost(StepTimes(setup=5, train_iter=1.0, test_sample=0.2), iters_per_epoch=10,
                eval_samples=50)
    # fixed: 2*5 + 100*0.1 + 2*5 + 50*0.2 = 40 s; one epoch of both: 5 + 10 = 15 s
    assert epochs_for_budget(40 + 15 * 7 + 14, [a, b], max_epochs=100) == 7
    assert epochs_for_budget(40 + 15 * 7, [a, b], max_epochs=100) == 7
    assert epochs_for_budget(10_000, [a, b], max_epochs=30) == 30
    with pytest.raises(ValueError, match='one epoch of the 2 run.s. needs about 0.9 min'):
        epochs_for_budget(54, [a, b], max_epochs=30)


def test_scale_schedule_keeps_the_warmup_share():
    cfg = Config(dict(train_cfg=dict(max_epochs=40), param_scheduler=[
        dict(type='LinearLR', by_epoch=True, begin=0, end=4.0),
        dict(type='CosineAnnealingLR', by_epoch=True, begin=0),
        dict(type='LinearLR', by_epoch=False, begin=0, end=500)]))
    scale_schedule(cfg, 10, iters_per_epoch=8)
    assert cfg.train_cfg.max_epochs == 10
    assert cfg.param_scheduler[0]['end'] == 1.0 and 'end' not in cfg.param_scheduler[1]
    assert cfg.param_scheduler[2]['end'] == 500  # iteration-based: left alone
    scale_schedule(cfg, 1, iters_per_epoch=8)
    assert cfg.param_scheduler[0]['end'] == 0.25  # two iterations, not 0.1 epochs

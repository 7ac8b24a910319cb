import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import torch

from stgcn_kit.apis.train import configure_training, train_model
from stgcn_kit.engine import cpu_amp, latest_complete_checkpoint, load_checkpoint_file
from stgcn_kit.errors import ConfigError
from stgcn_kit.utils.io import load_pickle

REPO = Path(__file__).resolve().parents[2]
TINY_CONFIG = REPO / 'tests' / 'configs' / 'tiny_stgcn_nwucla.py'


def test_validation_is_off_unless_asked(tiny_cfg):
    cfg = configure_training(tiny_cfg())
    assert cfg.val_cfg is None and cfg.val_dataloader is None and cfg.val_evaluator is None
    cfg = configure_training(tiny_cfg(), validate=True, test_best=True)
    assert cfg.val_dataloader is not None
    assert cfg.default_hooks.checkpoint.save_best == 'auto'
    with pytest.raises(ConfigError, match='needs --validate'):
        configure_training(tiny_cfg(), test_best=True)


def test_resume_seed_and_lr_scaling_options(tiny_cfg, tmp_path):
    cfg = configure_training(tiny_cfg(), resume='auto', seed=7, deterministic=True,
                             auto_scale_lr=True)
    assert cfg.resume is True and cfg.load_from is None
    assert cfg.randomness == dict(seed=7, deterministic=True)
    assert cfg.auto_scale_lr == dict(enable=True, base_batch_size=16)
    checkpoint = tmp_path / 'epoch_3.pth'
    torch.save({'meta': {}}, checkpoint)
    cfg = configure_training(tiny_cfg(), resume=str(checkpoint))
    assert cfg.resume is True and cfg.load_from == str(checkpoint)


@pytest.mark.parametrize('units', ['AMX-BF16', None])
def test_amp_on_a_cpu_is_bf16_autocast_where_it_has_the_units(tiny_cfg, monkeypatch, capsys,
                                                               units):
    """CPU (CUDA hidden): bfloat16 autocast for training, validation and test where the CPU
    has bfloat16 units; elsewhere a note and the float32 config unchanged."""
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: False)
    monkeypatch.setattr(cpu_amp, 'cpu_bf16_units', lambda: units)
    plain = configure_training(tiny_cfg(), validate=True)
    cfg = configure_training(tiny_cfg(), amp=True, validate=True)
    note = capsys.readouterr().out
    if units:
        assert cfg.optim_wrapper.type == 'CPUBF16OptimWrapper'
        assert cfg.val_cfg.fp16 and cfg.test_cfg.fp16
        assert 'bfloat16 autocast on the CPU (AMX-BF16)' in note
    else:
        assert cfg.optim_wrapper == plain.optim_wrapper and 'fp16' not in cfg.val_cfg
        assert 'this CPU has no bfloat16 units' in note and 'running float32' in note


def test_killed_run_resumes_after_its_last_complete_epoch(tiny_cfg, tiny_options, tmp_path):
    work = tmp_path / 'work'
    proc = subprocess.Popen(
        [sys.executable, str(REPO / 'tools' / 'train.py'), str(TINY_CONFIG), '--work-dir',
         str(work), '--cfg-options', 'train_cfg.max_epochs=1000', *tiny_options],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300  # a guard against a hung run, not a speed check
        while not (work / 'last_checkpoint').exists() and proc.poll() is None:
            assert time.monotonic() < deadline, 'no checkpoint appeared'
            time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    # whatever the moment of the kill, every checkpoint on disk is whole and loads safely
    for path in work.glob('*.pth'):
        load_checkpoint_file(path)
    last = latest_complete_checkpoint(str(work))
    done = load_checkpoint_file(last)['meta']['epoch']

    cfg = configure_training(tiny_cfg(**{'train_cfg.max_epochs': done + 1}), resume='auto')
    train_model(cfg, work_dir=str(work))
    resumed = load_checkpoint_file(work / f'epoch_{done + 1}.pth')
    assert resumed['meta']['epoch'] == done + 1
    logs = '\n'.join(p.read_text() for p in work.glob('*/*.log'))
    assert re.search(rf'resumed epoch: {done}, iter: \d+', logs)
    assert f'Epoch(train) [{done + 1}]' in logs


def test_test_last_and_best_after_validated_training(tiny_cfg, tmp_path):
    cfg = configure_training(tiny_cfg(**{'train_cfg.max_epochs': 2}), validate=True,
                             test_best=True)
    results = train_model(cfg, work_dir=str(tmp_path / 'work'), test_last=True, test_best=True)
    assert set(results) == {'last', 'best'}
    for metrics in results.values():
        assert set(metrics) == {'acc/top1', 'acc/top5', 'acc/mean1'}
    best = list((tmp_path / 'work').glob('best_acc_top1_epoch_*.pth'))
    assert len(best) == 1
    # PYSKL's prediction files, one per test, each agreeing with the top-1 that test reported
    for which in ('last', 'best'):
        preds = load_pickle(str(tmp_path / 'work' / f'{which}_pred.pkl'))
        assert len(preds) == 10  # the tiny subset's validation samples, each once
        scores = np.stack([p['pred_score'] for p in preds])
        labels = np.array([p['gt_label'] for p in preds])
        assert scores.shape == (10, 10)
        top1 = float((scores.argmax(1) == labels).mean())
        assert top1 == pytest.approx(results[which]['acc/top1'], abs=1e-6)

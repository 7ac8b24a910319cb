"""Training entry point behind ``tools/train.py``."""
import os.path as osp
from typing import Optional

import torch
from mmengine.config import Config
from mmengine.runner import Runner

from stgcn_kit.engine import run_job
from stgcn_kit.engine.config_check import config_errors
from stgcn_kit.engine.cpu_amp import use_amp
from stgcn_kit.engine.runner import validate_checkpoint
from stgcn_kit.errors import CheckpointError, ConfigError
from stgcn_kit.evaluation.metrics import DumpScores

PRED_FILES = {'last': 'last_pred.pkl', 'best': 'best_pred.pkl'}


def test_with_predictions(runner: Runner, which: str) -> dict:
    """``runner.test()`` that also pickles the per-sample scores to the work dir's
    ``PRED_FILES[which]`` (PYSKL's ``last_pred.pkl`` / ``best_pred.pkl``)."""
    evaluator = runner.test_loop.evaluator  # built on first access
    out_file = osp.join(runner.work_dir, PRED_FILES[which])
    # a second test (best after last) replaces the first one's dump rather than adding to it
    evaluator.metrics = [m for m in evaluator.metrics if not (
        isinstance(m, DumpScores) and osp.basename(m.out_file) in PRED_FILES.values())]
    dump = DumpScores(out_file=out_file)
    dump.dataset_meta = evaluator.dataset_meta
    evaluator.metrics.append(dump)
    return runner.test()


def configure_training(cfg: Config, resume: Optional[str] = None, amp: bool = False,
                       validate: bool = False, auto_scale_lr: bool = False,
                       seed: Optional[int] = None, deterministic: bool = False,
                       test_best: bool = False, start_over: bool = False) -> Config:
    """Apply the command-line choices of ``tools/train.py`` to ``cfg`` (in place) and return it.

    Args:
        resume: ``'auto'`` resumes from the work dir's latest checkpoint, a path from that file
            (checked first: :class:`~stgcn_kit.errors.CheckpointError` when it is missing,
            empty or truncated).
        amp: mixed precision: float16 with loss scaling on CUDA, bfloat16 autocast on a CPU
            with bfloat16 units (:mod:`stgcn_kit.engine.cpu_amp`; elsewhere a note and
            float32), for training and the validation and test loops.
        validate: keep the config's validation during training; without it, validation is off.
        auto_scale_lr: scale the learning rate by ``total batch / auto_scale_lr.base_batch_size``.
        seed, deterministic: randomness settings.
        test_best: keep the best checkpoint by the first validation metric (needs ``validate``).
        start_over: resuming from the work dir trains from scratch where it finds checkpoints
            but none valid (else :class:`~stgcn_kit.errors.CheckpointError`).
    """
    if resume is not None:
        if resume != 'auto':
            validate_checkpoint(resume)
        cfg.resume = True
        cfg.load_from = None if resume == 'auto' else resume
    if start_over:
        cfg.start_over = True
    if amp and use_amp(cfg, ('val_cfg', 'test_cfg')):
        if torch.cuda.is_available():
            cfg.optim_wrapper.type = 'AmpOptimWrapper'
            cfg.optim_wrapper.setdefault('loss_scale', 'dynamic')
        else:
            cfg.optim_wrapper.type = 'CPUBF16OptimWrapper'
    if validate:
        if cfg.get('val_dataloader') is None:
            raise ConfigError(f'--validate: {cfg.filename} has no val_dataloader')
    else:
        cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
    if test_best:
        if not validate:
            raise ConfigError('--test-best needs --validate (the best epoch is chosen on val)')
        cfg.default_hooks.checkpoint.save_best = 'auto'
    if auto_scale_lr:
        if cfg.get('auto_scale_lr', {}).get('base_batch_size') is None:
            raise ConfigError(f'--auto-scale-lr: {cfg.filename} sets no auto_scale_lr = '
                              f'dict(base_batch_size=...)')
        cfg.auto_scale_lr.enable = True
    randomness = cfg.setdefault('randomness', {})
    if seed is not None:
        randomness['seed'] = seed
    if deterministic:
        randomness['deterministic'] = True
    return cfg


def train_model(cfg: Config, work_dir: Optional[str] = None, launcher: str = 'none',
                test_last: bool = False, test_best: bool = False) -> dict:
    """Train; then optionally test the last and/or best checkpoint on the test set.

    Each test also writes its per-sample scores to ``last_pred.pkl`` / ``best_pred.pkl`` in the
    work dir (:class:`stgcn_kit.evaluation.DumpScores` format, for ``tools/ensemble.py``).

    Returns:
        ``{'last': metrics, 'best': metrics}`` for the tests that ran.
    """
    def train_then_test(runner: Runner) -> dict:
        runner.train()
        results = {}
        if test_last:
            results['last'] = test_with_predictions(runner, 'last')
        if test_best:
            best = runner.message_hub.get_info('best_ckpt')
            if best is None or not osp.isfile(best):
                raise CheckpointError('--test-best: no best checkpoint was saved (did validation '
                                      'run?)')
            runner.load_checkpoint(best)
            results['best'] = test_with_predictions(runner, 'best')
        return results

    with config_errors(cfg):
        return run_job(cfg, train_then_test, work_dir, launcher)

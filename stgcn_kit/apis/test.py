"""Testing entry point behind ``tools/test.py``."""
import copy
import itertools
import os.path as osp
from typing import List, Optional, Sequence

import torch
from mmengine.config import Config
from mmengine.runner import Runner

from stgcn_kit.datasets.dataset_cfg import innermost_dataset_cfg
from stgcn_kit.engine import run_job
from stgcn_kit.engine.config_check import config_errors
from stgcn_kit.engine.cpu_amp import use_amp
from stgcn_kit.engine.runner import validate_checkpoint
from stgcn_kit.errors import ConfigError
from stgcn_kit.models.fast import fuse_conv_bn, quantize_int8


def _checked_out(out: str) -> str:
    if not out.endswith(('.pkl', '.pickle')):
        raise ConfigError(f'--out {out}: the result file must end with .pkl or .pickle')
    _check_output_path(out, '--out')
    return out


def configure_testing(cfg: Config, checkpoint: str, eval_metrics: Optional[Sequence[str]] = None,
                      out: Optional[str] = None, dump_confusion: Optional[str] = None,
                      average_clips: Optional[str] = None, amp: bool = False) -> Config:
    """Apply the command-line choices of ``tools/test.py`` to ``cfg`` (in place) and return it.

    Args:
        checkpoint: weights to test (mmengine or PYSKL checkpoint); checked first
            (:class:`~stgcn_kit.errors.CheckpointError` when missing, empty or truncated).
        eval_metrics: ``AccMetric`` metric names replacing the config's test evaluator.
        out: ``.pkl`` receiving one result record per sample
            (:mod:`stgcn_kit.evaluation.result_record`), see
            :class:`stgcn_kit.evaluation.DumpScores`.
        dump_confusion: ``.npy`` or ``.png`` receiving the confusion matrix.
        average_clips: ``'prob'`` (softmax averaged over a sample's clips), ``'score'`` (raw
            scores averaged) or ``'none'`` (each clip's raw scores, ``(num_clips,
            num_classes)`` per sample in ``out``, which is then the only output).
        amp: autocast the test loop: float16 on CUDA, bfloat16 on a CPU with bfloat16 units
            (elsewhere a note, and float32).

    Raises:
        ConfigError: for unusable options (names the option).
    """
    if cfg.get('test_dataloader') is None:
        raise ConfigError(f'{cfg.filename} has no test_dataloader')
    cfg.load_from = checkpoint
    cfg.resume = False
    if amp:
        use_amp(cfg, ('test_cfg', ))
    if average_clips is not None:
        if average_clips not in ('prob', 'score', 'none'):
            raise ConfigError(f'--average-clips must be prob, score or none, got '
                              f'{average_clips}')
        test_cfg = dict(cfg.model.get('test_cfg') or {})
        test_cfg['average_clips'] = None if average_clips == 'none' else average_clips
        cfg.model.test_cfg = test_cfg
        if average_clips == 'none':
            # per-clip scores have no single prediction to rank: only the dump makes sense
            if not out or eval_metrics or dump_confusion:
                raise ConfigError("--average-clips none keeps every clip's scores: give --out "
                                  'alone (no --eval, no --dump-confusion)')
            cfg.test_evaluator = [dict(type='DumpScores', out_file=_checked_out(out))]
            return cfg
    if eval_metrics:
        evaluators = [dict(type='AccMetric', metric_list=tuple(eval_metrics))]
    else:
        evaluator = cfg.get('test_evaluator') or []
        evaluators = list(evaluator) if isinstance(evaluator, (list, tuple)) else [evaluator]
    if out:
        evaluators.append(dict(type='DumpScores', out_file=_checked_out(out)))
    if dump_confusion:
        if not dump_confusion.endswith(('.npy', '.png')):
            raise ConfigError(f'--dump-confusion {dump_confusion}: give a .npy or .png file')
        _check_output_path(dump_confusion, '--dump-confusion')
        evaluators.append(dict(type='SaveConfusionMatrix', out_file=dump_confusion))
    if not evaluators:
        raise ConfigError('nothing to compute: give --eval, --out or --dump-confusion, or a '
                          'test_evaluator in the config')
    validate_checkpoint(checkpoint)
    cfg.test_evaluator = evaluators
    return cfg


def _check_output_path(path: str, option: str) -> None:
    """Refuse an output path that names a directory before the test runs, not after it."""
    if osp.isdir(path):
        raise ConfigError(f'{option} {path}: is a directory; give a file name')


def calibration_inputs(runner: Runner, cfg: Config, num_batches: int) -> List[torch.Tensor]:
    """``num_batches`` model inputs from the TRAINING split (never the test set, whose scores
    are reported), shuffled with a fixed seed, each sample through the test pipeline (so the
    clips look like the tested ones) and the model's data preprocessor."""
    loader_cfg = copy.deepcopy(cfg.train_dataloader)
    train_set = innermost_dataset_cfg(loader_cfg.dataset)
    test_set = innermost_dataset_cfg(cfg.test_dataloader.dataset)
    train_set.pipeline = copy.deepcopy(test_set.pipeline)
    train_set.test_mode = True
    loader_cfg.batch_size = cfg.test_dataloader.batch_size
    loader_cfg.sampler = dict(type='DefaultSampler', shuffle=True, seed=0)
    loader_cfg.persistent_workers = False
    loader = Runner.build_dataloader(loader_cfg)
    model = runner.model
    return [model.data_preprocessor(batch, False)['inputs']
            for batch in itertools.islice(loader, num_batches)]


def load_tested_weights(runner: Runner, cfg: Config) -> None:
    """Load ``cfg.load_from`` into the runner's model strictly: every weight of the model at
    its shape and finite, else :class:`~stgcn_kit.errors.CheckpointError` naming the
    checkpoint (a test of weights that do not fit would report an accuracy of nothing). The
    test loop, built first (its data read and checked first, as ``runner.test()`` would),
    then finds the weights loaded. Without ``load_from`` the model keeps its initial
    weights."""
    runner.test_loop  # noqa: B018 - built on first access
    if cfg.get('load_from') is not None:
        runner.load_checkpoint(cfg.load_from, strict=True)


def run_test_int8(runner: Runner, cfg: Config, num_batches: int) -> dict:
    """Load the checkpoint, fold BN and quantize the model, then run the test loop (which
    finds the checkpoint loaded and keeps the int8 model)."""
    load_tested_weights(runner, cfg)
    model = runner.model.eval()
    if any(p.device.type != 'cpu' for p in model.parameters()):
        model.cpu()  # the int8 kernels are CPU kernels; the preprocessor follows the model
    batches = calibration_inputs(runner, cfg, num_batches)
    quantize_int8(fuse_conv_bn(model), batches)
    runner.logger.info(f'int8: convolutions quantized, calibrated on {len(batches)} batches of '
                       'the training split')
    return runner.test()


def run_test(cfg: Config, work_dir: Optional[str] = None, launcher: str = 'none',
             int8_calib_batches: Optional[int] = None) -> dict:
    """Run the config's test loop on ``cfg.load_from``'s weights (:func:`load_tested_weights`)
    and return its metrics; with ``int8_calib_batches`` the model's convolutions run in int8
    (:func:`run_test_int8`, one CPU process)."""
    def test(runner: Runner) -> dict:
        load_tested_weights(runner, cfg)
        return runner.test()

    with config_errors(cfg):
        if int8_calib_batches is None:
            return run_job(cfg, test, work_dir, launcher)
        return run_job(cfg, lambda runner: run_test_int8(runner, cfg, int8_calib_batches),
                       work_dir, launcher)

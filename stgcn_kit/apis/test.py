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
from stgcn_kit.engine.runner import validate_checkpoint
from stgcn_kit.errors import ConfigError
from stgcn_kit.models.fast import fuse_conv_bn, quantize_int8


def configure_testing(cfg: Config, checkpoint: str, eval_metrics: Optional[Sequence[str]] = None,
                      out: Optional[str] = None, dump_confusion: Optional[str] = None) -> Config:
    """Apply the command-line choices of ``tools/test.py`` to ``cfg`` (in place) and return it.

    Args:
        checkpoint: weights to test (mmengine or PYSKL checkpoint); checked first
            (:class:`~stgcn_kit.errors.CheckpointError` when missing, empty or truncated).
        eval_metrics: ``AccMetric`` metric names replacing the config's test evaluator.
        out: ``.pkl`` receiving one result record per sample
            (:mod:`stgcn_kit.evaluation.result_record`), see
            :class:`stgcn_kit.evaluation.DumpScores`.
        dump_confusion: ``.npy`` or ``.png`` receiving the confusion matrix.

    Raises:
        ConfigError: for unusable options (names the option).
    """
    if cfg.get('test_dataloader') is None:
        raise ConfigError(f'{cfg.filename} has no test_dataloader')
    cfg.load_from = checkpoint
    cfg.resume = False
    if eval_metrics:
        evaluators = [dict(type='AccMetric', metric_list=tuple(eval_metrics))]
    else:
        evaluator = cfg.get('test_evaluator') or []
        evaluators = list(evaluator) if isinstance(evaluator, (list, tuple)) else [evaluator]
    if out:
        if not out.endswith(('.pkl', '.pickle')):
            raise ConfigError(f'--out {out}: the result file must end with .pkl or .pickle')
        _check_output_path(out, '--out')
        evaluators.append(dict(type='DumpScores', out_file=out))
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


def run_test_int8(runner: Runner, cfg: Config, num_batches: int) -> dict:
    """Load the checkpoint, fold BN and quantize the model, then run the test loop (which
    finds the checkpoint loaded and keeps the int8 model)."""
    runner.load_or_resume()
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
    """Run the config's test loop and return its metrics; with ``int8_calib_batches`` the
    model's convolutions run in int8 (:func:`run_test_int8`, one CPU process)."""
    with config_errors(cfg):
        if int8_calib_batches is None:
            return run_job(cfg, lambda runner: runner.test(), work_dir, launcher)
        return run_job(cfg, lambda runner: run_test_int8(runner, cfg, int8_calib_batches),
                       work_dir, launcher)

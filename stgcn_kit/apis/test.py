"""Testing entry point behind ``tools/test.py``."""
from typing import Optional, Sequence

from mmengine.config import Config

from stgcn_kit.engine import run_job


def configure_testing(cfg: Config, checkpoint: str, eval_metrics: Optional[Sequence[str]] = None,
                      out: Optional[str] = None, dump_confusion: Optional[str] = None) -> Config:
    """Apply the command-line choices of ``tools/test.py`` to ``cfg`` (in place) and return it.

    Args:
        checkpoint: weights to test (mmengine or PYSKL checkpoint).
        eval_metrics: ``AccMetric`` metric names replacing the config's test evaluator.
        out: ``.pkl`` receiving one dict per sample (``frame_dir``, ``gt_label``,
            ``pred_score``), see :class:`stgcn_kit.evaluation.DumpScores`.
        dump_confusion: ``.npy`` or ``.png`` receiving the confusion matrix.
    """
    if cfg.get('test_dataloader') is None:
        raise SystemExit(f'{cfg.filename} has no test_dataloader')
    cfg.load_from = checkpoint
    cfg.resume = False
    if eval_metrics:
        evaluators = [dict(type='AccMetric', metric_list=tuple(eval_metrics))]
    else:
        evaluator = cfg.get('test_evaluator') or []
        evaluators = list(evaluator) if isinstance(evaluator, (list, tuple)) else [evaluator]
    if out:
        if not out.endswith(('.pkl', '.pickle')):
            raise SystemExit(f'--out {out}: the result file must end with .pkl or .pickle')
        evaluators.append(dict(type='DumpScores', out_file=out))
    if dump_confusion:
        if not dump_confusion.endswith(('.npy', '.png')):
            raise SystemExit(f'--dump-confusion {dump_confusion}: give a .npy or .png file')
        evaluators.append(dict(type='SaveConfusionMatrix', out_file=dump_confusion))
    if not evaluators:
        raise SystemExit('nothing to compute: give --eval, --out or --dump-confusion, or a '
                         'test_evaluator in the config')
    cfg.test_evaluator = evaluators
    return cfg


def run_test(cfg: Config, work_dir: Optional[str] = None, launcher: str = 'none') -> dict:
    """Run the config's test loop and return its metrics."""
    return run_job(cfg, lambda runner: runner.test(), work_dir, launcher)

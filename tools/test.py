"""Test a checkpoint on a config's test set; optionally write per-sample scores (for
``tools/ensemble.py``) and the confusion matrix, or test it with int8 convolutions (``--int8``)."""
import argparse

from stgcn_kit.apis.cli import add_config_and_launcher_arguments, load_config, report_errors
from stgcn_kit.apis.test import configure_testing, run_test
from stgcn_kit.evaluation.metrics import AccMetric
from stgcn_kit.evaluation.result_record import RECORD_FORMAT


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('config', help='config file')
    parser.add_argument('checkpoint', help='checkpoint (this toolbox, mmaction2 or PYSKL)')
    parser.add_argument('--work-dir', help='where the test log goes')
    parser.add_argument('--eval', nargs='+', choices=AccMetric.allowed_metrics,
                        help="metrics replacing the config's test_evaluator")
    parser.add_argument('--out', help=f'pickle of per-sample results: {RECORD_FORMAT}')
    parser.add_argument('--dump-confusion', metavar='FILE',
                        help='confusion matrix as .npy (counts) or .png (picture)')
    parser.add_argument('--average-clips', choices=['prob', 'score', 'none'],
                        help="how a sample's clips merge: softmax mean (prob, the default), "
                        'raw score mean (score), or none (each clip\'s scores, --out only)')
    parser.add_argument('--int8', action='store_true',
                        help='fold the BatchNorms and run the convolutions in int8 '
                        '(stgcn_kit.models.fast.quantize; CPU, no launcher), calibrated on batches '
                        'of the training split through the test pipeline')
    parser.add_argument('--int8-calib-batches', type=int, default=8, metavar='N',
                        help='test-loader-sized batches calibrating --int8 (default 8)')
    parser.add_argument('--amp', action='store_true',
                        help='autocast: float16 on CUDA, bfloat16 on a CPU with AVX512-BF16 or '
                        'AMX (elsewhere says so and runs float32)')
    add_config_and_launcher_arguments(parser, 'test_dataloader.batch_size=8')
    args = parser.parse_args()
    if args.int8 and args.launcher != 'none':
        parser.error('--int8 runs in one CPU process: leave --launcher at none')
    if args.int8_calib_batches < 1:
        parser.error('--int8-calib-batches must be >= 1')
    return args


@report_errors
def main() -> None:
    args = parse_args()
    cfg = load_config(args)
    configure_testing(cfg, args.checkpoint, eval_metrics=args.eval, out=args.out,
                      dump_confusion=args.dump_confusion, average_clips=args.average_clips,
                      amp=args.amp)
    run_test(cfg, work_dir=args.work_dir, launcher=args.launcher,
             int8_calib_batches=args.int8_calib_batches if args.int8 else None)


if __name__ == '__main__':
    main()

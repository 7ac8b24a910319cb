"""Test a checkpoint on a config's test set; optionally write per-sample scores (for
``tools/ensemble.py``) and the confusion matrix."""
import argparse

from stgcn_kit.apis.cli import add_config_and_launcher_arguments, load_config
from stgcn_kit.apis.test import configure_testing, run_test
from stgcn_kit.evaluation.metrics import AccMetric


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('config', help='config file')
    parser.add_argument('checkpoint', help='checkpoint (this toolbox, mmaction2 or PYSKL)')
    parser.add_argument('--work-dir', help='where the test log goes')
    parser.add_argument('--eval', nargs='+', choices=AccMetric.allowed_metrics,
                        help="metrics replacing the config's test_evaluator")
    parser.add_argument('--out', help='pickle of per-sample results: a list of dicts '
                        'frame_dir, gt_label, pred_score')
    parser.add_argument('--dump-confusion', metavar='FILE',
                        help='confusion matrix as .npy (counts) or .png (picture)')
    add_config_and_launcher_arguments(parser, 'test_dataloader.batch_size=8')
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    cfg = load_config(args)
    configure_testing(cfg, args.checkpoint, eval_metrics=args.eval, out=args.out,
                      dump_confusion=args.dump_confusion)
    run_test(cfg, work_dir=args.work_dir, launcher=args.launcher)


if __name__ == '__main__':
    main()

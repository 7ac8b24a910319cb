"""Train, test and fuse every stream of a data set in one command, e.g. the configs that
tools/data/custom_gendata.py --streams j b wrote:

    python tools/train_streams.py my_project/mine_stgcn_j.py my_project/mine_stgcn_b.py

Each stream trains on the training split less a held-out part (--holdout, whole subjects with
--group-by), scores that part and the test split; the fusion weights are the ones that do best
on the held-out part, never on the test split. It prints one table of per-stream and fused
accuracy with their result files. Run it again to go on where it stopped. Without an official
test split, --kfold K cross-validates (by subject with --group-by) and reports the mean and
spread; --time-budget MIN sizes the schedule to fit the minutes given on this machine.
"""
import argparse
import os

from mmengine.config import DictAction

from stgcn_kit.apis.cli import report_errors
from stgcn_kit.apis.streams import Settings, format_table, train_streams


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('configs', nargs='+', help='one config per stream (sharing the '
                        'annotation pickle and its splits)')
    parser.add_argument('--out-dir', help='where everything goes (default: beside the first '
                        'config, <its name>_streams)')
    parser.add_argument('--holdout', type=float, default=0.2, metavar='FRACTION',
                        help='share of the training samples held out to choose the fusion '
                        'weights on (default 0.2)')
    parser.add_argument('--group-by', metavar='REGEX',
                        help="the subject in a sample's name, the first (group) of REGEX, e.g. "
                        "'_s(\\d+)_' for NW-UCLA or 'P(\\d{3})' for NTU: held-out parts and "
                        'folds then take whole subjects (default: single samples)')
    parser.add_argument('--kfold', type=int, metavar='K',
                        help='cross-validate over K folds of the training and test splits '
                        'together (for data without an official test split)')
    parser.add_argument('--time-budget', type=float, metavar='MINUTES',
                        help='train as many epochs (at most the configs\') as fit every run '
                        'in MINUTES, timed on this machine first')
    parser.add_argument('--seed', type=int, default=0,
                        help='seed of the splits and of training (default 0)')
    parser.add_argument('--amp', action='store_true',
                        help='train and test with the tools\' --amp (bfloat16 autocast on a '
                        'CPU with AVX512-BF16 or AMX, float16 on CUDA; float32 elsewhere)')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction, default={},
                        help='override entries of every stream config, e.g. '
                        'train_cfg.max_epochs=10')
    args = parser.parse_args()
    if args.time_budget is not None and args.time_budget <= 0:
        parser.error('--time-budget must be a positive number of minutes')
    return args


@report_errors
def main() -> None:
    args = parse_args()
    settings = Settings(configs=tuple(os.path.abspath(c) for c in args.configs),
                        holdout=args.holdout, group_by=args.group_by, kfold=args.kfold,
                        seed=args.seed, time_budget_min=args.time_budget,
                        cfg_options=tuple(sorted(args.cfg_options.items())), amp=args.amp)
    out_dir = args.out_dir or os.path.splitext(args.configs[0])[0] + '_streams'
    summary = train_streams(settings, out_dir, log=lambda line: print(line, flush=True))
    print(format_table(summary))


if __name__ == '__main__':
    main()

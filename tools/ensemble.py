"""Fuse the per-sample scores of several streams (``tools/test.py --out``), matched by sample
id, and print each stream's and the fusion's top-1, top-5 and mean-class accuracy; optionally
write the fused scores in the same format (for tools/analysis/confusion_matrix.py).

PYSKL's and mmaction2's result files (a list of score arrays, or of dicts, in dataset order)
are read with the annotation file their test read, e.g. ST-GCN with an RGB model:

    python tools/ensemble.py --scores stgcn.pkl tsn.pkl --ann-files - k400_val_list_videos.txt \
        --id-pattern '^(.{11})' --apply-softmax --common-samples

Weights chosen on held-out samples, never on the test files: --choose-on takes each stream's
scores on data its model did not train on (e.g. a training view left out), the weights that
fuse those best (a grid of 0 to 2 in steps of 0.5) then fuse the --scores files; --groups
searches within each group (a model family) and then between the groups:

    python tools/ensemble.py --scores {ctr,aa}_{j,b}_test.pkl --choose-on {ctr,aa}_{j,b}_held.pkl \
        --groups ctr ctr aa aa
"""
import argparse
import sys
from typing import Tuple

from stgcn_kit.apis.cli import add_trust_argument, report_errors
from stgcn_kit.evaluation.fusion import (
    accuracy_summary,
    fuse_streams,
    index_by_sample,
    subset_classes,
    subset_summary,
)
from stgcn_kit.evaluation.result_files import checked_scores, read_scores
from stgcn_kit.evaluation.result_record import RECORD_FORMAT
from stgcn_kit.evaluation.weight_search import MAX_STREAMS, search_group_weights, search_weights
from stgcn_kit.utils import dump_pickle


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--scores', nargs='+', required=True, metavar='PKL',
                        help='result files of tools/test.py --out, one per stream')
    parser.add_argument('--weights', nargs='+', type=float, metavar='W',
                        help='one weight per file (default: all 1)')
    parser.add_argument('--choose-on', nargs='+', metavar='PKL',
                        help='held-out result files, one per --scores file in the same order: '
                        'the weights that fuse them best fuse the --scores files (not with '
                        '--weights)')
    parser.add_argument('--groups', nargs='+', metavar='NAME',
                        help='with --choose-on: a group name per file (e.g. the model family); '
                        'weights are chosen within each group, then between the groups (needed '
                        f'beyond {MAX_STREAMS} streams)')
    parser.add_argument('--apply-softmax', action='store_true',
                        help='turn each stream into probabilities before weighting')
    parser.add_argument('--ann-files', nargs='+', metavar='ANN',
                        help="for files in PYSKL's or mmaction2's format: the annotation "
                        'pickle or RGB sample list each test read, one for all files or one '
                        "per file ('-' for files of this project, which name their samples)")
    parser.add_argument('--splits', nargs='+', metavar='SPLIT',
                        help='the split of each annotation pickle, one for all or one per file '
                        "('-' for none)")
    parser.add_argument('--id-pattern', metavar='REGEX',
                        help='match samples on the first group of this regular expression '
                        "(e.g. '^(.{11})' for Kinetics YouTube ids)")
    parser.add_argument('--common-samples', action='store_true',
                        help='fuse the samples all files hold, leaving out the others (e.g. '
                        'Kinetics clips that have skeletons but no video); default: the files '
                        'must hold the same samples')
    parser.add_argument('--class-subset', metavar='TXT',
                        help='also report the mean class accuracy over these classes (names, '
                        'one a line; e.g. tools/data/label_map/kinetics_motion.txt, the 30 '
                        'Kinetics-Motion classes of yysijie/st-gcn resource/kinetics-motion.txt), '
                        'on their samples only; needs --label-map')
    parser.add_argument('--label-map', metavar='TXT',
                        help="the dataset's class names in label order (e.g. Kinetics-skeleton's "
                        'label_name.txt)')
    parser.add_argument('--restrict-to-subset', action='store_true',
                        help='with --class-subset: predict the best class of the subset, not of '
                        'all classes')
    parser.add_argument('--out', metavar='PKL',
                        help=f'write the fused scores like tools/test.py --out: {RECORD_FORMAT}')
    add_trust_argument(parser)
    args = parser.parse_args()
    if args.groups and not args.choose_on:
        parser.error('--groups needs --choose-on')
    if args.weights and args.choose_on:
        parser.error('give --weights or --choose-on, not both')
    return args


def _per_file(values, paths, flag):
    """``values`` given once (for every file) or once per file; ``'-'`` is ``None``."""
    values = values or ['-']
    if len(values) not in (1, len(paths)):
        raise ValueError(f'{flag}: give one value for all {len(paths)} files or one per file, '
                         f'got {len(values)}')
    values = values * len(paths) if len(values) == 1 else values
    return [None if value == '-' else value for value in values]


def read_checked(path: str, ann_file, split, args: argparse.Namespace) -> dict:
    """One result file as ``{sample id: record}``, its scores and labels checked."""
    stream = read_scores(path, ann_file, split, args.id_pattern, args.trust_pickle)
    checked_scores(stream, path)
    return stream


def chosen_weights(args: argparse.Namespace) -> Tuple[Tuple[float, ...], float]:
    """The weights that fuse the ``--choose-on`` files best (within and between ``--groups``
    when given), and the held-out top-1 they give."""
    if len(args.choose_on) != len(args.scores):
        raise ValueError(f'--choose-on: give one held-out file per --scores file '
                         f'({len(args.scores)}), got {len(args.choose_on)}')
    held = []
    for path in args.choose_on:
        stream = read_checked(path, None, None, args)
        if args.apply_softmax:
            stream = index_by_sample(fuse_streams([stream], [path], [1.0], True), path)
        held.append(stream)
    if args.groups:
        return search_group_weights(held, args.choose_on, args.groups)
    return search_weights(held, args.choose_on)


@report_errors
def main() -> None:
    args = parse_args()
    ann_files, splits = (_per_file(values, args.scores, flag) for values, flag in
                         ((args.ann_files, '--ann-files'), (args.splits, '--splits')))
    streams = [read_checked(path, ann, split, args)
               for path, ann, split in zip(args.scores, ann_files, splits)]
    if args.common_samples:
        common = set.intersection(*(set(stream) for stream in streams))
        left_out = sum(len(stream) for stream in streams) - len(common) * len(streams)
        print(f'{len(common)} samples in every file; {left_out} left out', file=sys.stderr)
        streams = [{k: v for k, v in stream.items() if k in common} for stream in streams]
    weights, held_top1 = chosen_weights(args) if args.choose_on else (args.weights, None)
    fused = fuse_streams(streams, args.scores, weights, args.apply_softmax)
    rows = [(path, accuracy_summary(stream, path))
            for path, stream in zip(args.scores, streams)]
    rows.append(('fusion', accuracy_summary(index_by_sample(fused, 'fusion'), 'fusion')))
    if args.class_subset:
        subset = subset_classes(args.class_subset, args.label_map)
        for (name, summary), stream in zip(rows, streams + [index_by_sample(fused, 'fusion')]):
            summary['subset_mean1'] = subset_summary(stream, name, subset,
                                                     args.restrict_to_subset)
    width = max(len(name) for name, _ in rows)
    keys = list(rows[-1][1])
    print(f'{"stream":<{width}}  ' + '  '.join(f'{key:>{max(6, len(key))}}' for key in keys))
    for name, summary in rows:
        print(f'{name:<{width}}  ' + '  '.join(f'{100 * summary[key]:{max(6, len(key))}.2f}'
                                               for key in keys))
    if held_top1 is not None:
        print(f'weights chosen on the held-out files (their fusion\'s top1 there '
              f'{100 * held_top1:.2f}): ' + ' '.join(f'{w:.6g}' for w in weights))
    if args.out:
        dump_pickle(fused, args.out)


if __name__ == '__main__':
    main()

"""Keep a class-stratified fraction of one split of an annotation pickle (the other splits
unchanged), e.g. 10% of the training set for a learning curve:

    python tools/data/subset_split.py data/nw-ucla.pkl --fraction 0.1 --out data/nw-ucla_10.pkl

or add the samples of a split whose names match a pattern as a new split, e.g. NW-UCLA's two
training views, to train on one and hold the other out:

    python tools/data/subset_split.py data/nw-ucla.pkl --match view1='_v01$' view2='_v02$' \
        --out data/nw-ucla_views.pkl
"""
import argparse

from stgcn_kit.apis.cli import add_trust_argument, report_errors
from stgcn_kit.datasets.annotation import validate_annotation
from stgcn_kit.datasets.raw.common import write_annotation
from stgcn_kit.datasets.subset import matching_split, subsample_split
from stgcn_kit.utils.io import load_pickle


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('ann_file')
    parser.add_argument('--fraction', type=float, help='in (0, 1]')
    parser.add_argument('--match', nargs='+', metavar='NAME=REGEX',
                        help='instead of --fraction: add split NAME, the samples of --split '
                        'whose names REGEX matches')
    parser.add_argument('--split', default='train', help='the split to thin or match in '
                        '(default: train)')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--out', required=True)
    add_trust_argument(parser)
    args = parser.parse_args()
    if (args.fraction is None) == (args.match is None):
        parser.error('give --fraction or --match (one of them)')
    for item in args.match or []:
        if '=' not in item or not item.split('=', 1)[0]:
            parser.error(f'--match {item!r}: write NAME=REGEX')
    args.match = [tuple(item.split('=', 1)) for item in args.match or []]
    return args


@report_errors
def main() -> None:
    args = parse_args()
    try:
        anno = load_pickle(args.ann_file, args.trust_pickle)
        validate_annotation(anno, args.ann_file)
        if args.match:
            for name, pattern in args.match:
                anno = matching_split(anno, args.split, pattern, name, source=args.ann_file)
        else:
            anno = subsample_split(anno, args.split, args.fraction, args.seed,
                                   source=args.ann_file)
        write_annotation(anno, args.out)
    except ValueError as err:
        raise SystemExit(f'error: {err}') from None


if __name__ == '__main__':
    main()

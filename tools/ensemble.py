"""Fuse the per-sample scores of several streams (``tools/test.py --out``), matched by sample
id, and print each stream's and the fusion's top-1, top-5 and mean-class accuracy; optionally
write the fused scores in the same format (for tools/analysis/confusion_matrix.py)."""
import argparse

from stgcn_kit.apis.cli import add_trust_argument, report_errors
from stgcn_kit.evaluation.fusion import (accuracy_summary, fuse_streams, index_by_sample,
                                         load_stream)
from stgcn_kit.evaluation.result_record import RECORD_FORMAT
from stgcn_kit.utils import dump_pickle


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--scores', nargs='+', required=True, metavar='PKL',
                        help='result files of tools/test.py --out, one per stream')
    parser.add_argument('--weights', nargs='+', type=float, metavar='W',
                        help='one weight per file (default: all 1)')
    parser.add_argument('--apply-softmax', action='store_true',
                        help='turn each stream into probabilities before weighting')
    parser.add_argument('--out', metavar='PKL',
                        help=f'write the fused scores like tools/test.py --out: {RECORD_FORMAT}')
    add_trust_argument(parser)
    return parser.parse_args()


@report_errors
def main() -> None:
    args = parse_args()
    streams = [load_stream(path, args.trust_pickle) for path in args.scores]
    fused = fuse_streams(streams, args.scores, args.weights, args.apply_softmax)
    rows = [(path, accuracy_summary(stream, path))
            for path, stream in zip(args.scores, streams)]
    rows.append(('fusion', accuracy_summary(index_by_sample(fused, 'fusion'), 'fusion')))
    width = max(len(name) for name, _ in rows)
    keys = list(rows[-1][1])
    print(f'{"stream":<{width}}  ' + '  '.join(f'{key:>6}' for key in keys))
    for name, summary in rows:
        print(f'{name:<{width}}  ' + '  '.join(f'{100 * summary[key]:6.2f}' for key in keys))
    if args.out:
        dump_pickle(fused, args.out)


if __name__ == '__main__':
    main()

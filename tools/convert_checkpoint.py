"""Convert an original ST-GCN, PYSKL or mmaction2 checkpoint for this toolbox's RecognizerGCN."""
import argparse

from stgcn_kit.apis.cli import report_errors
from stgcn_kit.models.checkpoint_convert import SRC_FORMATS, convert_checkpoint


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('src', help='source checkpoint')
    parser.add_argument('dst', help='converted checkpoint to write')
    parser.add_argument('--src-format', required=True, choices=SRC_FORMATS,
                        help='stgcn: yysijie/st-gcn state dict; pyskl; mmaction2 (1.x or 0.x)')
    parser.add_argument('--num-classes', type=int,
                        help='fail unless the classifier has this many classes')
    parser.add_argument('--trust-pickle', action='store_true',
                        help='allow checkpoints holding arbitrary Python objects')
    return parser.parse_args()


@report_errors
def main() -> None:
    args = parse_args()
    keys, classes = convert_checkpoint(args.src, args.dst, args.src_format,
                                       args.num_classes, args.trust_pickle)
    print(f'wrote {args.dst}: {keys} tensors, {classes} classes')


if __name__ == '__main__':
    main()

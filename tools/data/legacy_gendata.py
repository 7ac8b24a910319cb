"""Import an ST-GCN / 2s-AGCN split (``X.npy`` of shape ``(N, C, T, V, M)`` and the label pickle
``(names, labels)``) into the annotation pickle, trimming the zero padding. Run once per split."""
import argparse

from stgcn_kit.apis.cli import add_trust_argument, report_errors
from stgcn_kit.datasets.raw.legacy import convert_legacy


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--data-path', required=True, help='e.g. xsub/val_data_joint.npy')
    parser.add_argument('--labels', required=True, help='e.g. xsub/val_label.pkl')
    parser.add_argument('--out', required=True, help='output pickle')
    parser.add_argument('--split-name', required=True, help='e.g. xsub_val')
    parser.add_argument('--layout', help='check the joint count against this layout')
    parser.add_argument('--score-channel', action='store_true',
                        help='the last channel is a confidence (ST-GCN Kinetics: x, y, score)')
    parser.add_argument('--num-classes', type=int,
                        help='refuse labels outside 0..NUM_CLASSES-1')
    add_trust_argument(parser)
    return parser.parse_args()


@report_errors
def main() -> None:
    args = parse_args()
    convert_legacy(args.data_path, args.labels, args.out, args.split_name,
                   args.layout, args.score_channel, args.num_classes, args.trust_pickle)


if __name__ == '__main__':
    main()

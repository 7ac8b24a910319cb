"""Convert your own skeletons into the annotation pickle: a folder of per-sample ``name.npy``
(``(T, V, C)`` or ``(M, T, V, C)``) or ``name.json`` (``{"keypoint", "keypoint_score"}``) files
and a CSV of ``name,label[,split]`` rows. See docs/custom_dataset.md."""
import argparse

from stgcn_kit.apis.cli import report_errors
from stgcn_kit.datasets.raw.custom import convert_custom


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--data-path', required=True, help='folder of name.npy / name.json')
    parser.add_argument('--labels', required=True, help='CSV of name,label[,split] rows')
    parser.add_argument('--out', required=True, help='output pickle')
    graph = parser.add_mutually_exclusive_group(required=True)
    graph.add_argument('--layout', help='a built-in layout name (e.g. coco, nturgb+d: your joints '
                       'must be in its order) or a .json/.yaml layout file describing your '
                       'skeleton and its anatomy')
    graph.add_argument('--edges', help='text file of "child parent" joint pairs (0-based)')
    parser.add_argument('--num-node', type=int,
                        help='joint count with --edges (default: largest index + 1)')
    parser.add_argument('--center', type=int, default=0, help='centre joint with --edges')
    parser.add_argument('--img-shape', type=int, nargs=2, metavar=('H', 'W'),
                        help='frame size stored in every record (2D pixel coordinates)')
    parser.add_argument('--default-split', default='train',
                        help='split of rows without a split column (default: train)')
    parser.add_argument('--num-classes', type=int,
                        help='refuse labels outside 0..NUM_CLASSES-1')
    return parser.parse_args()


@report_errors
def main() -> None:
    args = parse_args()
    convert_custom(args.data_path, args.labels, args.out, layout=args.layout,
                   edges=args.edges, num_node=args.num_node, center=args.center,
                   img_shape=args.img_shape, default_split=args.default_split,
                   num_classes=args.num_classes)


if __name__ == '__main__':
    main()

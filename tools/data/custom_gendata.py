"""Convert your own skeletons into the annotation pickle: a folder of per-sample ``name.npy``
(``(T, V, C)`` or ``(M, T, V, C)``) or ``name.json`` (``{"keypoint", "keypoint_score"}``) files
and a CSV of ``name,label[,split]`` rows; then write, beside the pickle, a ready ST-GCN config
for it (tools/data/make_config.py). See docs/custom_dataset.md."""
import argparse

from stgcn_kit.apis.cli import report_errors
from stgcn_kit.apis.data_config import default_config_path, make_config
from stgcn_kit.datasets.raw.custom import convert_custom, custom_layout
from stgcn_kit.skeleton import LAYOUTS


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
    parser.add_argument('--config', help='config to write (default: beside --out, '
                        'NAME_stgcn_<stream>.py; with several --streams, always that)')
    parser.add_argument('--streams', nargs='+', default=['j'], choices=['j', 'b', 'jm', 'bm'],
                        help='one config per input stream (default: j), e.g. j b jm bm to '
                        'fuse them later with tools/ensemble.py')
    parser.add_argument('--no-config', action='store_true', help='write the pickle only')
    parser.add_argument('--val-split', default='val',
                        help='the split the config validates and tests on (default: val)')
    return parser.parse_args()


@report_errors
def main() -> None:
    args = parse_args()
    anno = convert_custom(args.data_path, args.labels, args.out, layout=args.layout,
                          edges=args.edges, num_node=args.num_node, center=args.center,
                          img_shape=args.img_shape, default_split=args.default_split,
                          num_classes=args.num_classes)
    if args.no_config:
        return
    if not anno['split'].get('train') or not anno['split'].get(args.val_split):
        print(f'no config written: it needs a train and a {args.val_split!r} split (splits: '
              f'{sorted(anno["split"])}); add a split column to the CSV, or run '
              f'tools/data/make_config.py with --train-split/--val-split')
        return
    # a built-in layout is named; a layout file or an edge file is written out in full, so
    # the config does not depend on files beside it
    layout = args.layout if args.layout in LAYOUTS else custom_layout(
        args.layout, args.edges, args.num_node, args.center).to_dict()
    for stream in args.streams:
        out = args.config if args.config and len(args.streams) == 1 else None
        print(make_config(args.out, layout, out or default_config_path(args.out, [stream]),
                          val_split=args.val_split, feats=[stream]))


if __name__ == '__main__':
    main()

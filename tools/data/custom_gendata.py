"""Convert your own skeletons into the annotation pickle: a folder of per-sample ``name.npy``
(``(T, V, C)`` or ``(M, T, V, C)``) or ``name.json`` (``{"keypoint", "keypoint_score"}``) files
and a CSV of ``name,label[,split]`` rows; then write, beside the pickle, a ready ST-GCN config
for it (tools/data/make_config.py). See docs/custom_dataset.md."""
import argparse

from stgcn_kit.apis.cli import report_errors
from stgcn_kit.apis.data_config import default_config_path, make_config, streams_command
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
                        help='the split the config validates and tests on (default: val; '
                        'without one, the training split, for tools/train_streams.py --kfold)')
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
    if not anno['split'].get('train'):
        print(f'no config written: it needs a train split (splits: {sorted(anno["split"])}); '
              f'add a split column to the CSV, or run tools/data/make_config.py with '
              f'--train-split/--val-split')
        return
    val_split = args.val_split
    if not anno['split'].get(val_split):
        # the configs still run, but their "test" is on the data they train on: say so, and
        # point at the command that evaluates honestly without a test split
        print(f'no {val_split!r} split: the configs validate and test on the training split, '
              f'which measures nothing; cross-validate them with --kfold (below)')
        val_split = 'train'
    # a built-in layout is named; a layout file or an edge file is written out in full, so
    # the config does not depend on files beside it
    layout = args.layout if args.layout in LAYOUTS else custom_layout(
        args.layout, args.edges, args.num_node, args.center).to_dict()
    written = []
    for stream in args.streams:
        out = args.config if args.config and len(args.streams) == 1 else None
        written.append(out or default_config_path(args.out, [stream]))
        print(make_config(args.out, layout, written[-1], val_split=val_split, feats=[stream]))
    print(streams_command(written, cross_validate=val_split == 'train'))

if __name__ == '__main__':
    main()

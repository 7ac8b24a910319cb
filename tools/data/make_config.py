"""Write a ready ST-GCN config for an annotation pickle: layout, channels, persons, classes and
clip length read from the data, the small-data schedule sized to its training split.

    python tools/data/make_config.py data/mine.pkl --layout coco --out my_project/stgcn_j.py
    python tools/data/make_config.py data/mine.pkl --layout coco --streams j b
"""
import argparse
import json

from stgcn_kit.apis.cli import report_errors
from stgcn_kit.apis.data_config import default_config_path, make_config, streams_command


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('ann_file', help='annotation pickle')
    parser.add_argument('--layout', required=True,
                        help='a built-in layout name, or a JSON file {num_node, inward, center}')
    parser.add_argument('--out', help='config to write (default: beside the pickle, '
                                      'NAME_stgcn_j.py)')
    parser.add_argument('--train-split', default='train')
    parser.add_argument('--val-split', default='val')
    feats = parser.add_mutually_exclusive_group()
    feats.add_argument('--feats', nargs='+', default=['j'], choices=['j', 'b', 'jm', 'bm'],
                       help='input stream(s) of the one config, concatenated (default: j)')
    feats.add_argument('--streams', nargs='+', choices=['j', 'b', 'jm', 'bm'],
                       help='one config per stream instead (NAME_stgcn_<stream>.py beside the '
                       'pickle, or --out with one stream), e.g. j b jm bm, to train, test and '
                       'fuse with tools/train_streams.py')
    parser.add_argument('--work-dir', help='work_dir written into the config')
    return parser.parse_args()


def layout_arg(value: str):
    """A layout name, or the dict in the JSON file ``value``."""
    if not value.endswith('.json'):
        return value
    try:
        with open(value, 'r', encoding='utf-8') as f:
            return json.load(f)
    except (OSError, ValueError) as err:
        raise ValueError(f'{value}: cannot read the layout JSON ({err})') from None


@report_errors
def main() -> None:
    args = parse_args()
    try:
        layout = layout_arg(args.layout)
        configs = [[stream] for stream in args.streams] if args.streams else [args.feats]
        written = []
        for feats in configs:
            out = args.out if args.out and len(configs) == 1 else None
            written.append(out or default_config_path(args.ann_file, feats))
            print(make_config(args.ann_file, layout, written[-1], args.train_split,
                              args.val_split, feats, args.work_dir))
        print(streams_command(written))
    except ValueError as err:
        raise SystemExit(f'error: {err}') from None


if __name__ == '__main__':
    main()

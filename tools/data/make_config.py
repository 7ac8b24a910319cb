"""Write a ready ST-GCN config for an annotation pickle: layout, channels, persons, classes and
clip length read from the data, the small-data schedule sized to its training split.

    python tools/data/make_config.py data/mine.pkl --layout coco --out my_project/stgcn_j.py
"""
import argparse
import json

from stgcn_kit.apis.cli import report_errors
from stgcn_kit.apis.data_config import default_config_path, make_config


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
    parser.add_argument('--feats', nargs='+', default=['j'], choices=['j', 'b', 'jm', 'bm'],
                        help='input stream(s) (default: j)')
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
        print(make_config(args.ann_file, layout_arg(args.layout),
                          args.out or default_config_path(args.ann_file, args.feats),
                          args.train_split, args.val_split, args.feats, args.work_dir))
    except ValueError as err:
        raise SystemExit(f'error: {err}') from None


if __name__ == '__main__':
    main()

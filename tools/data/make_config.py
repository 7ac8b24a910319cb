"""Write a ready ST-GCN config for an annotation pickle: layout, channels, persons, classes and
clip length read from the data, the small-data schedule sized to its training split.

    python tools/data/make_config.py data/mine.pkl --layout coco --out my_project/stgcn_j.py
"""
import argparse
import json
import os

from stgcn_kit.apis.data_config import build_config, describe, summarize, write_config
from stgcn_kit.utils.io import load_pickle


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


def default_out(ann_file: str, feats) -> str:
    stem = os.path.splitext(ann_file)[0]
    return f'{stem}_stgcn_{"_".join(feats)}.py'


def make_config(ann_file: str, layout, out: str, train_split: str = 'train',
                val_split: str = 'val', feats=('j', ), work_dir=None) -> None:
    ann_file = os.path.abspath(ann_file)
    anno = load_pickle(ann_file)
    summary = summarize(anno, ann_file, train_split, val_split)
    cfg = build_config(summary, ann_file, layout, train_split, val_split, feats, work_dir)
    write_config(cfg, out, describe(summary, ann_file, layout))
    print(f'wrote {out}: {summary.num_train} training samples -> {cfg.train_cfg.max_epochs} '
          f'epochs, clips of {cfg.clip_len} frames, {summary.in_channels * len(feats)} input '
          f'channels, {summary.num_person} person(s), {summary.num_classes} classes')


def main() -> None:
    args = parse_args()
    try:
        make_config(args.ann_file, layout_arg(args.layout),
                    args.out or default_out(args.ann_file, args.feats), args.train_split,
                    args.val_split, args.feats, args.work_dir)
    except ValueError as err:
        raise SystemExit(f'error: {err}') from None


if __name__ == '__main__':
    main()

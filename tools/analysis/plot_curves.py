"""Plot training curves (loss, accuracy, ...) from an mmengine work dir, JSON log or text log.

    python tools/analysis/plot_curves.py work_dirs/stgcn_nwucla/j --keys loss acc/top1 --out x.png
"""
import argparse

from stgcn_kit.apis.cli import report_errors
from stgcn_kit.visualization.curves import find_scalars, load_scalars, plot_curves


@report_errors
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('log', help='a work dir (its newest run is used), a scalars.json / '
                                    '<timestamp>.json log, or a <timestamp>.log text log')
    parser.add_argument('--keys', nargs='+', default=['loss'], help='scalars to plot')
    parser.add_argument('--out', required=True, help='the PNG to write')
    parser.add_argument('--title', default='', help='figure title (default: the log path)')
    args = parser.parse_args()
    path = find_scalars(args.log)
    counts = plot_curves(load_scalars(path), args.keys, args.out, args.title or path)
    print(f'{args.out}: ' + ', '.join(f'{k} ({n} points)' for k, n in counts.items()))


if __name__ == '__main__':
    main()

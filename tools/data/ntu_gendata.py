"""Convert raw NTU RGB+D 60/120 ``.skeleton`` files into the annotation pickle with the official
splits (NTU60: xsub, xview; NTU120: xsub, xset), at most two bodies per sample.

The official lists of samples with missing skeletons (302 for NTU60, 535 for NTU120) ship with
the dataset's GitHub repository (shahroudy/NTURGB-D, ``Matlab/NTU_RGBD_samples_with_missing_
skeletons.txt`` and ``NTU_RGBD120_samples_with_missing_skeletons.txt``); pass one with
``--ignored-samples``."""
import argparse

from stgcn_kit.apis.cli import report_errors
from stgcn_kit.apis.converter_cli import add_converter_paths, output_path
from stgcn_kit.datasets.raw.ntu import DATASETS, convert_ntu


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    add_converter_paths(parser, 'folder of *.skeleton files', 'data/nturgb+d/ntu60_3danno.pkl')
    # aliases: mmaction2's tools/data/skeleton/gen_ntu_rgbd_raw.py (--task,
    # --ignored-sample-path) and the original ST-GCN's tools/ntu_gendata.py (--ignored_sample_path)
    parser.add_argument('--dataset', '--task', dest='dataset', choices=sorted(DATASETS),
                        default='ntu60', help='ntu60 keeps setups 1-17 only (default: ntu60)')
    parser.add_argument('--ignored-samples', '--ignored-sample-path', '--ignored_sample_path',
                        dest='ignored_samples',
                        help='text file of sample names to leave out, one per line')
    return parser.parse_args()


@report_errors
def main() -> None:
    args = parse_args()
    out = output_path(args, f'{args.dataset}_3danno.pkl')
    convert_ntu(args.data_path, out, args.dataset, args.ignored_samples)


if __name__ == '__main__':
    main()

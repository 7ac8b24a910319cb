"""Convert raw NTU RGB+D 60/120 ``.skeleton`` files into the annotation pickle with the official
splits (NTU60: xsub, xview; NTU120: xsub, xset), at most two bodies per sample.

The official lists of samples with missing skeletons (302 for NTU60, 535 for NTU120) ship with
the dataset's GitHub repository (shahroudy/NTURGB-D, ``Matlab/NTU_RGBD_samples_with_missing_
skeletons.txt`` and ``NTU_RGBD120_samples_with_missing_skeletons.txt``); pass one with
``--ignored-samples``."""
import argparse

from stgcn_kit.apis.cli import report_errors
from stgcn_kit.datasets.raw.ntu import DATASETS, convert_ntu


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--data-path', required=True, help='folder of *.skeleton files')
    parser.add_argument('--out', required=True, help='output pickle, e.g. data/ntu60_3d.pkl')
    parser.add_argument('--dataset', choices=sorted(DATASETS), default='ntu60',
                        help='ntu60 keeps setups 1-17 only (default: ntu60)')
    parser.add_argument('--ignored-samples', help='text file of sample names to leave out, '
                                                  'one per line')
    return parser.parse_args()


@report_errors
def main() -> None:
    args = parse_args()
    convert_ntu(args.data_path, args.out, args.dataset, args.ignored_samples)


if __name__ == '__main__':
    main()

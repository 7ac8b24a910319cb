"""Convert NW-UCLA (CTR-GCN's ``all_sqe`` JSON files) into the annotation pickle with the
cross-view split: ``train`` = views 1 and 2 (1,020 samples), ``val`` = view 3 (464); and a
cross-subject split of this project's: ``xsub_train`` = subjects 1, 3, 5, 7, 9 (724),
``xsub_val`` = the others (760), all views."""
import argparse

from stgcn_kit.apis.cli import report_errors
from stgcn_kit.datasets.raw.nwucla import convert_nwucla


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--data-path', required=True,
                        help='folder holding all_sqe/aAA_sSS_eEE_vVV.json')
    parser.add_argument('--out', required=True, help='output pickle, e.g. data/nwucla/nw-ucla.pkl')
    return parser.parse_args()


@report_errors
def main() -> None:
    args = parse_args()
    convert_nwucla(args.data_path, args.out)


if __name__ == '__main__':
    main()

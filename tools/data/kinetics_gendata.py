"""Convert ST-GCN's Kinetics-skeleton JSON clips (``kinetics_train/``, ``kinetics_val/``, labels
from ``kinetics_{train,val}_label.json`` where present, class names from ``label_name.txt``)
into the annotation pickle: OpenPose 18 joints, the two highest-scoring people per frame,
coordinates kept normalised to the frame size (``img_shape = (1, 1)``)."""
import argparse

from stgcn_kit.datasets.raw.common import run_cli
from stgcn_kit.datasets.raw.kinetics import convert_kinetics


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--data-path', required=True,
                        help='folder holding kinetics_train/ and/or kinetics_val/')
    parser.add_argument('--out', required=True, help='output pickle, e.g. data/kinetics_2d.pkl')
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    run_cli(convert_kinetics, args.data_path, args.out)


if __name__ == '__main__':
    main()

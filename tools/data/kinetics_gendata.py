"""Convert ST-GCN's Kinetics-skeleton JSON clips (``kinetics_train/``, ``kinetics_val/``, labels
from ``kinetics_{train,val}_label.json`` where present, class names from ``label_name.txt``)
into the annotation pickle: OpenPose 18 joints, the two highest-scoring people per frame,
coordinates kept normalised to the frame size (``img_shape = (1, 1)``)."""
import argparse

from stgcn_kit.apis.cli import report_errors
from stgcn_kit.datasets.raw.kinetics import convert_kinetics


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--data-path', required=True,
                        help='folder holding kinetics_train/ and/or kinetics_val/')
    parser.add_argument('--out', required=True, help='output pickle, e.g. data/kinetics_2d.pkl')
    parser.add_argument('--num-classes', type=int,
                        help='refuse labels outside 0..NUM_CLASSES-1')
    return parser.parse_args()


@report_errors
def main() -> None:
    args = parse_args()
    convert_kinetics(args.data_path, args.out, args.num_classes)


if __name__ == '__main__':
    main()

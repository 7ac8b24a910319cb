"""Convert ST-GCN's Kinetics-skeleton JSON clips (``kinetics_train/``, ``kinetics_val/``, labels
from ``kinetics_{train,val}_label.json`` where present, class names from ``label_name.txt``)
into the annotation pickle: OpenPose 18 joints, the two highest-scoring people per frame,
coordinates kept normalised to the frame size (``img_shape = (1, 1)``)."""
import argparse

from stgcn_kit.apis.cli import report_errors
from stgcn_kit.apis.converter_cli import add_converter_paths, output_path
from stgcn_kit.datasets.raw.kinetics import convert_kinetics


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    add_converter_paths(parser, 'folder holding kinetics_train/ and/or kinetics_val/',
                        'data/kinetics-skeleton/kinetics-skeleton.pkl')
    parser.add_argument('--num-classes', type=int,
                        help='refuse labels outside 0..NUM_CLASSES-1')
    return parser.parse_args()


@report_errors
def main() -> None:
    args = parse_args()
    convert_kinetics(args.data_path, output_path(args, 'kinetics-skeleton.pkl'), args.num_classes)


if __name__ == '__main__':
    main()

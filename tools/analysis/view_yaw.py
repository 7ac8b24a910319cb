"""How differently the cameras of a 3D skeleton dataset see their subjects: per camera view,
the spread of the turn about the vertical that brings each sequence's mean left-to-right
body axis onto +x (what ``PreNormalize3D(yaw_axis=...)`` applies), in degrees.

    python tools/analysis/view_yaw.py data/nw-ucla/nw-ucla.pkl               # views v01..v03
    python tools/analysis/view_yaw.py data/nturgb+d/ntu60_3danno.pkl --view 'C\\d{3}'
"""
import argparse
import re
from collections import defaultdict

import numpy as np

from stgcn_kit.apis.cli import add_trust_argument, report_errors
from stgcn_kit.datasets import PoseDataset
from stgcn_kit.datasets.transforms.normalize import yaw_to_x


@report_errors
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('ann_file', help='annotation pickle with 3D keypoints')
    parser.add_argument('--view', default=r'v\d+$',
                        help='regular expression whose match in frame_dir names the view')
    parser.add_argument('--yaw-axis', type=int, default=1, choices=(0, 1, 2),
                        help='the camera axis standing vertical (1: y, Kinect)')
    parser.add_argument('--xaxis', type=int, nargs=2, default=(8, 4),
                        help='the right and the left joint of the body (PreNormalize3D\'s '
                             'order: right minus left is turned onto +x)')
    add_trust_argument(parser)
    args = parser.parse_args()
    dataset = PoseDataset(args.ann_file, trust_pickle=args.trust_pickle)
    turns = defaultdict(list)
    for i in range(len(dataset)):
        record = dataset.get_data_info(i)
        match = re.search(args.view, record['frame_dir'])
        if match is None:
            raise ValueError(f'{args.ann_file}: no view matching {args.view!r} in '
                             f'frame_dir {record["frame_dir"]!r}')
        keypoint = np.asarray(record['keypoint'])
        if keypoint.shape[-1] != 3:
            raise ValueError(f'{args.ann_file}: {record["frame_dir"]} has '
                             f'{keypoint.shape[-1]}D keypoints, not 3D')
        turns[match.group(0)].append(np.degrees(yaw_to_x(keypoint[0], args.xaxis,
                                                         args.yaw_axis)))
    print(f'{"view":<8}{"sequences":>10}  turn in degrees: 10%, 25%, median, 75%, 90%')
    for view in sorted(turns):
        quantiles = np.percentile(turns[view], [10, 25, 50, 75, 90])
        print(f'{view:<8}{len(turns[view]):>10}  ' + '  '.join(f'{q:7.1f}' for q in quantiles))


if __name__ == '__main__':
    main()

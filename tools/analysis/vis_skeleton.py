"""Animate one sample of an annotation pickle (2D or 3D) as a gif or a video.

    python tools/analysis/vis_skeleton.py ANN.pkl --sample FRAME_DIR --layout nw-ucla --out x.gif
"""
import argparse

from stgcn_kit.apis.cli import add_trust_argument, report_errors
from stgcn_kit.pose import read_pose_pickle
from stgcn_kit.visualization import render_skeleton_frames, write_frames


@report_errors
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('ann_file', help='annotation pickle (or a pickled single record)')
    parser.add_argument('--sample', help='frame_dir of the sample (needed when the pickle '
                                         'holds several)')
    parser.add_argument('--layout', required=True, help='skeleton layout, e.g. nturgb+d, '
                                                        'nw-ucla, coco, openpose')
    parser.add_argument('--out', required=True, help='.gif, .mp4 or .avi')
    parser.add_argument('--fps', type=float, default=15, help='frames per second')
    parser.add_argument('--step', type=int, default=1, help='draw every step-th frame')
    add_trust_argument(parser)
    args = parser.parse_args()
    record = read_pose_pickle(args.ann_file, args.layout, args.sample, args.trust_pickle).record
    keypoint = record['keypoint'][:, ::max(args.step, 1)]
    scores = record.get('keypoint_score')
    scores = None if scores is None else scores[:, ::max(args.step, 1)]
    count = write_frames(args.out, render_skeleton_frames(
        keypoint, args.layout, scores, title=str(record['frame_dir'])), args.fps)
    print(f'{args.out}: {count} frames of {record["frame_dir"]}')


if __name__ == '__main__':
    main()

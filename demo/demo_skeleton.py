"""From a video to an action: estimate (or read) the poses, recognise the action on the whole
clip and optionally on sliding windows, and write the video with skeletons and labels drawn.
The config is a GCN's (skeletons in) or a PoseC3D one's (2D poses in pixels drawn as heatmaps).

    python demo/demo_skeleton.py VIDEO OUT.mp4 --config CFG --checkpoint CKPT \\
        [--pose-backend mediapipe|openpose-json|pickle] [--pose-file F] [--window W --stride S]
        [--show-response]
"""
import argparse
from typing import Iterator, List, Optional, Sequence, Tuple

import numpy as np

from stgcn_kit.apis import (
    Recognition,
    inference_recognizer,
    init_recognizer,
    is_heatmap_model,
    load_label_map,
    model_layout,
)
from stgcn_kit.apis.cli import add_trust_argument, report_errors
from stgcn_kit.pose import PoseTrack, estimate_mediapipe, read_openpose_json, read_pose_pickle
from stgcn_kit.utils.progress import Progress
from stgcn_kit.visualization import draw_skeleton, draw_text_lines, write_frames

BACKENDS = ('mediapipe', 'openpose-json', 'pickle')


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('video', help='input video (read with decord)')
    parser.add_argument('out', help='output video, .mp4 or .avi')
    parser.add_argument('--config', required=True, help='the recognizer config')
    parser.add_argument('--checkpoint', help='trained weights (required: without them the '
                                             'labels would be random)')
    parser.add_argument('--pose-backend', choices=BACKENDS, default='mediapipe',
                        help='mediapipe: estimate here (pip install "stgcn_kit[mediapipe]"); '
                             'openpose-json: a folder of OpenPose --write_json files; '
                             'pickle: a record of our annotation pickle')
    parser.add_argument('--pose-file', help='the OpenPose JSON folder or the pickle')
    parser.add_argument('--sample', help='frame_dir of the record to take from a pickle with '
                                         'several samples')
    parser.add_argument('--label-map', help='class names, one a line (default: the config\'s '
                                            'label_map)')
    parser.add_argument('--window', type=int, help='also recognise windows of this many frames')
    parser.add_argument('--stride', type=int, help='frames between window starts '
                                                   '(default: --window)')
    parser.add_argument('--topk', type=int, default=3, help='labels shown per prediction')
    parser.add_argument('--show-response', action='store_true',
                        help='draw each joint\'s response (the ST-GCN paper\'s feature '
                             'magnitude of the last backbone layer) as coloured discs')
    parser.add_argument('--max-person', type=int, default=2,
                        help='people kept per frame from OpenPose JSON')
    parser.add_argument('--device', help='cpu or cuda (default: cuda when available)')
    add_trust_argument(parser)
    return parser.parse_args(argv)


def load_poses(args: argparse.Namespace, video, layout: str, pixels: bool = False) -> PoseTrack:
    """The poses of the chosen backend, on the model's ``layout``; with ``pixels`` (heatmap
    models) MediaPipe gives image positions for 3D layouts too. 2D poses without ``img_shape``
    get the video's."""
    height, width = video[0].shape[:2]
    if args.pose_backend == 'mediapipe':
        print(f'estimating poses with MediaPipe on {len(video)} frames')
        frames = (video[i].asnumpy() for i in range(len(video)))
        return estimate_mediapipe(frames, layout, len(video), name=args.video, pixels=pixels)
    if not args.pose_file:
        raise ValueError(f'--pose-backend {args.pose_backend} needs --pose-file')
    if args.pose_backend == 'openpose-json':
        return read_openpose_json(args.pose_file, layout, args.max_person, (height, width))
    track = read_pose_pickle(args.pose_file, layout, args.sample, args.trust_pickle)
    if track.image_points is not None and 'img_shape' not in track.record:
        track.record['img_shape'] = (height, width)
    return track


def window_starts(num_frames: int, window: int, stride: int) -> List[int]:
    """Starts of windows of ``window`` frames every ``stride`` frames that cover the sequence
    (the last one ends at the last frame)."""
    if window < 1 or stride < 1:
        raise ValueError(f'--window and --stride must be >= 1, got {window}, {stride}')
    if num_frames <= window:
        return [0]
    starts = list(range(0, num_frames - window + 1, stride))
    if starts[-1] + window < num_frames:
        starts.append(num_frames - window)
    return starts


def slice_record(record: dict, start: int, stop: int) -> dict:
    """The frames ``[start, stop)`` of an annotation record."""
    part = dict(record, keypoint=record['keypoint'][:, start:stop], total_frames=0)
    if 'keypoint_score' in record:
        part['keypoint_score'] = record['keypoint_score'][:, start:stop]
    part['total_frames'] = part['keypoint'].shape[1]
    return part


def describe(result: Recognition, head: str, topk: int) -> List[str]:
    """Text lines ``head: name score`` for the best ``topk`` labels."""
    lines = []
    for rank, (_, name, score) in enumerate(result.topk[:topk]):
        prefix = f'{head}:' if rank == 0 else ' ' * (len(head) + 1)
        lines.append(f'{prefix} {name} {score:.2f}')
    return lines


def recognise_windows(model, record: dict, window: int,
                      stride: int) -> List[Tuple[int, int, Recognition]]:
    """``(start, stop, recognition)`` of every window, behind a progress bar."""
    starts = window_starts(int(record['total_frames']), window, stride)
    print(f'recognising {len(starts)} windows of {window} frames')
    bar, found = Progress(len(starts), label='windows'), []
    for start in starts:
        stop = min(start + window, int(record['total_frames']))
        found.append((start, stop, inference_recognizer(model, slice_record(record, start, stop))))
        bar.update()
    bar.close()
    return found


def render(video, layout: str, track: PoseTrack, clip: Recognition,
           windows: List[Tuple[int, int, Recognition]], topk: int) -> Iterator[np.ndarray]:
    """The drawn frames of ``video``, with a progress bar."""
    response = None
    if clip.response is not None:
        response = clip.response / max(float(clip.response.max()), 1e-12)
    clip_lines = describe(clip, 'clip', topk)
    bar = Progress(len(video), label='frames')
    for t in range(len(video)):
        frame = video[t].asnumpy()
        if track.image_points is not None and t < track.image_points.shape[1]:
            people, _, num_joints, _ = track.image_points.shape
            scores = None if track.image_scores is None else track.image_scores[:, t]
            joint_response = None
            if response is not None and t < response.shape[1]:
                # the model sees at most its num_person people; the others get no disc
                joint_response = np.zeros((people, num_joints))
                shown = min(people, response.shape[0])
                joint_response[:shown] = response[:shown, t]
            frame = draw_skeleton(frame, track.image_points[:, t], layout, scores,
                                  joint_response)
        lines = list(clip_lines)
        covering = [w for w in windows if w[0] <= t < w[1]]
        if covering:
            start, stop, result = covering[-1]
            lines += describe(result, f'frames {start}-{stop - 1}', topk)
        yield draw_text_lines(frame, lines)
        bar.update()
    bar.close()


def run(args: argparse.Namespace) -> None:
    if not args.checkpoint:
        raise ValueError('no --checkpoint given: an untrained model would print random labels; '
                         'train one (tools/train.py) or download released weights')
    import decord
    try:
        video = decord.VideoReader(args.video)
    except RuntimeError as err:
        raise ValueError(f'{args.video}: cannot read the video ({str(err).splitlines()[0]})') \
            from None
    model = init_recognizer(args.config, args.checkpoint, args.device, args.trust_pickle)
    if args.label_map:
        model.label_names = load_label_map(args.label_map)
    if model.label_names is None:
        print('no label map (config label_map or --label-map): labels are class indices')
    layout = model_layout(model.cfg)
    heatmaps = is_heatmap_model(model.cfg)
    if heatmaps and args.show_response:
        raise ValueError(f'{args.config}: --show-response needs a GCN config; a heatmap model '
                         f'(PoseC3D) has no per-joint features')
    track = load_poses(args, video, layout, pixels=heatmaps)
    if track.num_frames != len(video):
        print(f'note: {track.num_frames} pose frames for {len(video)} video frames; skeletons '
              f'are drawn on the first {min(track.num_frames, len(video))}')
    clip = inference_recognizer(model, track.record, args.topk, args.show_response)
    print('\n'.join(describe(clip, 'clip', args.topk)))
    windows = []
    if args.window:
        windows = recognise_windows(model, track.record, args.window,
                                    args.stride or args.window)
        for start, stop, result in windows:
            print('\n'.join(describe(result, f'frames {start}-{stop - 1}', 1)))
    if track.image_points is None:
        print('these poses have no image coordinates: only the labels are drawn')
    print(f'writing {args.out}')
    fps = video.get_avg_fps() or 30.0
    write_frames(args.out, render(video, layout, track, clip, windows, args.topk), fps)


@report_errors
def main(argv: Optional[Sequence[str]] = None) -> None:
    args = parse_args(argv)
    run(args)


if __name__ == '__main__':
    main()

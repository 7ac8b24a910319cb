"""Online action recognition: poses arrive frame by frame from a video file, a webcam, a
stream URL or a pose file; each person gets a track id, windows of their last frames are
recognised as they fill, and their smoothed labels become a timeline of segments, written as
each closes (``tail -f`` follows it). Ctrl-C ends the run cleanly: the open segments are closed
and written (a second Ctrl-C quits at once).

    python demo/online.py SOURCE --config CFG --checkpoint CKPT --timeline OUT.jsonl
        [--poses POSES] [--video-out OUT.mp4] [--window W] [--stride S] [--smooth K]
        [--threshold P] [--max-tracks N] [--max-age A] [--gate G]

SOURCE: a video file, a webcam index (0), a stream URL (rtsp://, http://...), or recorded poses:
an annotation pickle (.pkl), JSON lines of per-frame poses (.jsonl, see
stgcn_kit/apis/sources.py) or a folder of OpenPose JSON files. Frames are estimated with
MediaPipe (one person) unless --poses gives the video's recorded poses.
"""
import argparse
import itertools
import os
import signal
import time
from typing import Callable, Iterator, List, Optional, Sequence

import numpy as np

from stgcn_kit.apis import init_recognizer, is_heatmap_model, load_label_map, model_layout
from stgcn_kit.apis.cli import add_trust_argument, report_errors
from stgcn_kit.apis.inference import test_pipeline_cfg
from stgcn_kit.apis.segments import Segmenter
from stgcn_kit.apis.sources import (
    FramePoses,
    beside_video,
    capture_fps,
    capture_frames,
    is_pose_file,
    jsonl_poses,
    mediapipe_poses,
    open_capture,
    track_poses,
)
from stgcn_kit.apis.stream import StreamRecognizer
from stgcn_kit.apis.timeline import TimelineWriter
from stgcn_kit.apis.tracking import PoseTracker
from stgcn_kit.pose import check_mediapipe_layout, read_openpose_json, read_pose_pickle
from stgcn_kit.skeleton import get_layout
from stgcn_kit.visualization import draw_skeleton, draw_text_lines, write_frames


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('source', help='video file, webcam index, stream URL, or pose file')
    parser.add_argument('--config', required=True, help='the recognizer config')
    parser.add_argument('--checkpoint', help='trained weights (required: without them the '
                                             'labels would be random)')
    parser.add_argument('--timeline', required=True, help='segments out, .jsonl or .csv')
    parser.add_argument('--poses', help='recorded poses of the video SOURCE (pickle, .jsonl, '
                                        'OpenPose JSON folder) instead of MediaPipe')
    parser.add_argument('--sample', help='frame_dir of the record to take from a pickle with '
                                         'several samples')
    parser.add_argument('--video-out', help='also write the video with skeletons, track ids '
                                            'and labels (.mp4, .avi or .gif)')
    parser.add_argument('--label-map', help='class names, one a line (default: the config\'s '
                                            'label_map)')
    parser.add_argument('--window', type=int, help='frames per window (default: the test '
                                                   'pipeline\'s clip_len)')
    parser.add_argument('--stride', type=int, help='frames between windows (default: '
                                                   'window // 4)')
    parser.add_argument('--min-frames', type=int, help='fewest frames of a track\'s last, '
                                                       'short window (default: window // 2)')
    parser.add_argument('--smooth', type=int, default=3, help='windows averaged per decision')
    parser.add_argument('--threshold', type=float, default=0.5,
                        help='smoothed score a class needs; below it: background')
    parser.add_argument('--max-tracks', type=int, help='most people tracked at once')
    parser.add_argument('--max-age', type=int, default=15,
                        help='frames a person may be missed before their track ends')
    parser.add_argument('--gate', type=float, default=0.5,
                        help='largest mean joint distance, over the pose size, of a match')
    parser.add_argument('--max-person', type=int, default=5,
                        help='people read per frame from OpenPose JSON')
    parser.add_argument('--img-shape', type=int, nargs=2, metavar=('H', 'W'),
                        help='image size of 2D poses read without their video')
    parser.add_argument('--fps', type=float, help='frame rate of a pose file (default: the '
                                                  'video\'s; gives the timeline seconds)')
    parser.add_argument('--realtime', action='store_true',
                        help='feed a pose file at --fps frames per second, as a live source')
    parser.add_argument('--device', help='cpu or cuda (default: cuda when available)')
    add_trust_argument(parser)
    return parser.parse_args(argv)


def default_window(cfg) -> int:
    """The ``clip_len`` of the test pipeline's frame sampling (the length it was trained
    on); 30 frames without one."""
    for transform in test_pipeline_cfg(cfg):
        if transform.get('clip_len'):
            return int(transform['clip_len'])
    return 30


def recorded_poses(path: str, args: argparse.Namespace, layout: str) -> Iterator[FramePoses]:
    if not os.path.exists(path):
        raise ValueError(f'{path}: no such pose file or folder')
    if os.path.isdir(path):
        shape = tuple(args.img_shape) if args.img_shape else None
        return track_poses(read_openpose_json(path, layout, args.max_person, shape))
    if path.lower().endswith('.jsonl'):
        return jsonl_poses(path, get_layout(layout).num_node)
    track = read_pose_pickle(path, layout, args.sample, args.trust_pickle)
    if args.img_shape is None and 'img_shape' in track.record:
        args.img_shape = tuple(track.record['img_shape'])
    return track_poses(track)


def open_source(args: argparse.Namespace, layout: str, heatmaps: bool) -> Iterator[FramePoses]:
    """The stream's frames; sets ``args.fps`` from a video that reports one."""
    num_node = get_layout(layout).num_node
    if is_pose_file(args.source):
        if args.poses:
            raise ValueError('--poses goes with a video SOURCE; here SOURCE is a pose file')
        return recorded_poses(args.source, args, layout)
    if not args.poses:
        check_mediapipe_layout(layout)
    capture = open_capture(args.source)
    args.fps = args.fps or capture_fps(capture)
    frames = capture_frames(capture, args.source)
    if args.poses:
        return beside_video(recorded_poses(args.poses, args, layout), frames, num_node)
    return mediapipe_poses(frames, layout, pixels=heatmaps)


def paced(frames: Iterator[FramePoses], fps: float) -> Iterator[FramePoses]:
    """The frames at ``fps`` per second (a recorded stream fed as a live one)."""
    start = time.monotonic()
    for i, frame in enumerate(frames):
        time.sleep(max(0.0, start + i / fps - time.monotonic()))
        yield frame


def render(frame: FramePoses, ids: np.ndarray, layout: str, segmenter: Segmenter,
           index: int) -> np.ndarray:
    """The frame with each tracked person's skeleton (coloured by track id), their id and
    current label beside them."""
    image = frame.image
    tracked = np.flatnonzero(ids >= 0)
    if frame.image_points is None or not len(tracked):
        return draw_text_lines(image, [f'frame {index}'])
    points = np.zeros((int(ids.max()) + 1,) + frame.image_points.shape[1:], np.float32)
    scores = np.zeros(points.shape[:2], np.float32)
    points[ids[tracked]] = frame.image_points[tracked]
    scores[ids[tracked]] = 1 if frame.image_scores is None else frame.image_scores[tracked]
    image = draw_skeleton(image, points, layout, scores)
    for person in tracked:
        track = int(ids[person])
        now = segmenter.current(track)
        text = f'#{track} ' + (f'{now.name} {now.score:.2f}' if now else '...')
        seen = frame.image_points[person][np.any(frame.image_points[person] != 0, -1)]
        corner = seen.min(0) if len(seen) else np.zeros(2)
        image = draw_text_lines(image, [text], (int(corner[0]), max(0, int(corner[1]) - 30)))
    return draw_text_lines(image, [f'frame {index}'])


class Interrupt:
    """The first SIGINT asks the loop to stop after the current frame; the default handler
    is back for a second one."""

    def __init__(self) -> None:
        self.asked = False
        self._previous = signal.signal(signal.SIGINT, self._handle)

    def _handle(self, signum, stack) -> None:
        self.asked = True
        signal.signal(signal.SIGINT, self._previous)

    def restore(self) -> None:
        signal.signal(signal.SIGINT, self._previous)


def run_stream(frames: Iterator[FramePoses], recognizer: StreamRecognizer,
               segmenter: Segmenter, writer: TimelineWriter, stop: Callable[[], bool],
               layout: str, counts: dict) -> Iterator[np.ndarray]:
    """Push every frame, write each closed segment; yields the drawn frames of those with an
    image (the video out), and at the end closes every track."""
    def write(segments: List) -> None:
        writer.write(segments)
        for s in segments:
            print(f'track {s.track}: frames {s.start_frame}-{s.end_frame} {s.name} '
                  f'{s.score:.2f}')

    for frame in frames:
        if stop():
            print(f'stopped by Ctrl-C after {counts["frames"]} frames')
            break
        step = recognizer.push(frame.keypoint, frame.score)
        counts['frames'] += 1
        counts['windows'] += len(step.windows)
        counts['tracks'] = max(counts['tracks'], int(step.ids.max(initial=-1)) + 1)
        for window in step.windows:
            write(segmenter.add(window))
        for track in step.ended:
            write(segmenter.end(track))
        if frame.image is not None:
            yield render(frame, step.ids, layout, segmenter, step.frame)
    last = recognizer.close()
    counts['windows'] += len(last)
    for window in last:
        write(segmenter.add(window))
    write(segmenter.close())


def run(args: argparse.Namespace) -> None:
    if not args.checkpoint:
        raise ValueError('no --checkpoint given: an untrained model would print random labels; '
                         'train one (tools/train.py) or download released weights')
    if args.realtime and not args.fps:
        raise ValueError('--realtime needs --fps')
    if args.video_out and is_pose_file(args.source):
        raise ValueError('--video-out needs frames to draw on: give a video SOURCE (with '
                         '--poses for recorded poses)')
    model = init_recognizer(args.config, args.checkpoint, args.device, args.trust_pickle)
    if args.label_map:
        model.label_names = load_label_map(args.label_map)
    layout, heatmaps = model_layout(model.cfg), is_heatmap_model(model.cfg)
    frames = open_source(args, layout, heatmaps)
    first = next(frames, None)
    if first is None:
        raise ValueError(f'{args.source}: the stream ended before its first frame')
    if first.image is not None:
        args.img_shape = first.image.shape[:2]
    frames = itertools.chain([first], frames)
    if args.realtime:
        frames = paced(frames, args.fps)
    window = args.window or default_window(model.cfg)
    tracker = PoseTracker(args.max_tracks, args.max_age, args.gate)
    recognizer = StreamRecognizer(model, window, args.stride or max(1, window // 4), tracker,
                                  args.min_frames,
                                  tuple(args.img_shape) if args.img_shape else None)
    names = model.label_names or [str(i) for i in range(model.cls_head.num_classes)]
    segmenter = Segmenter(names, args.threshold, args.smooth)
    counts = dict(frames=0, windows=0, tracks=0)
    interrupt = Interrupt()
    began = time.monotonic()
    try:
        with TimelineWriter(args.timeline, args.fps) as writer:
            drawn = run_stream(frames, recognizer, segmenter, writer, lambda: interrupt.asked,
                               layout, counts)
            if args.video_out:
                write_frames(args.video_out, drawn, args.fps or 30.0)
            else:
                for _ in drawn:
                    pass
    finally:
        interrupt.restore()
    seconds = time.monotonic() - began
    print(f'{counts["frames"]} frames, {counts["tracks"]} tracks, {counts["windows"]} windows '
          f'in {seconds:.1f} s ({counts["frames"] / max(seconds, 1e-9):.1f} frames/s); '
          f'{writer.count} segments in {args.timeline}')
    if not counts['tracks']:
        print(f'note: nobody was found in the {counts["frames"]} frames of {args.source}')


@report_errors
def main(argv: Optional[Sequence[str]] = None) -> None:
    run(parse_args(argv))


if __name__ == '__main__':
    main()

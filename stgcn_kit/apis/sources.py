"""Where a stream's frames and poses come from, one frame at a time: a video file, a webcam or
a stream URL (OpenCV), with poses estimated by MediaPipe as the frames arrive; or poses
recorded beforehand (an annotation pickle, a folder of OpenPose JSON, JSON lines of per-frame
poses), alone or beside the video they were taken from.

JSON lines of poses (any estimator's output): one line per frame,
``{"people": [{"keypoints": [[x, y], ...], "scores": [s, ...]}, ...]}``, with the joints of
the model's layout in its order (``C = 2`` pixels or ``3`` coordinates), ``scores`` optional,
``"people": []`` for a frame with nobody.
"""
import contextlib
import json
import os
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional

import cv2
import numpy as np

from stgcn_kit.pose import PoseTrack, mediapipe_landmarks, mediapipe_to_layout

POSE_FILE_SUFFIXES = ('.pkl', '.pickle', '.jsonl')


@dataclass
class FramePoses:
    """One frame of a stream.

    Attributes:
        keypoint: ``(P, V, C)`` the people found, on the model's layout (``P`` may be 0).
        score: ``(P, V)`` their joint confidences, or ``None``.
        image_points: ``(P, V, 2)`` pixel positions to draw, or ``None``.
        image_scores: ``(P, V)`` confidences of ``image_points``, or ``None``.
        image: ``(H, W, 3)`` RGB uint8 frame, or ``None`` for poses without a video.
    """
    keypoint: np.ndarray
    score: Optional[np.ndarray] = None
    image_points: Optional[np.ndarray] = None
    image_scores: Optional[np.ndarray] = None
    image: Optional[np.ndarray] = None


def is_pose_file(source: str) -> bool:
    """Whether ``source`` names recorded poses (pickle, JSON lines, an OpenPose JSON folder)
    rather than frames."""
    return os.path.isdir(source) or os.path.splitext(source)[1].lower() in POSE_FILE_SUFFIXES


@contextlib.contextmanager
def _opencv_silent() -> Iterator[None]:
    """OpenCV's log silenced inside the block (OpenCV 5 keeps the switch in
    ``cv2.utils.logging``, OpenCV 4, which the MediaPipe environment has, in ``cv2``)."""
    api = getattr(cv2.utils, 'logging', None)
    if api is not None:
        get, set_, silent = api.getLogLevel, api.setLogLevel, api.LOG_LEVEL_SILENT
    elif hasattr(cv2, 'setLogLevel'):
        get, set_, silent = cv2.getLogLevel, cv2.setLogLevel, 0
    else:
        yield
        return
    previous = get()
    set_(silent)
    try:
        yield
    finally:
        set_(previous)


def open_capture(source: str) -> cv2.VideoCapture:
    """An OpenCV capture of ``source``: a webcam index (``'0'``), a stream URL
    (``rtsp://...``, ``http://...``) or a video file."""
    target = int(source) if source.isdigit() else source
    if isinstance(target, str) and '://' not in target and not os.path.isfile(target):
        raise ValueError(f'{source}: no such video file')
    # OpenCV's own warnings of a failed open run to several lines; the error below is one
    with _opencv_silent():
        capture = cv2.VideoCapture(target)
    if not capture.isOpened():
        what = 'webcam' if isinstance(target, int) else 'stream' if '://' in source else 'video'
        raise ValueError(f'{source}: OpenCV cannot open this {what}')
    return capture


def capture_fps(capture: cv2.VideoCapture) -> Optional[float]:
    """The frame rate the source reports, ``None`` when it reports none."""
    fps = capture.get(cv2.CAP_PROP_FPS)
    return float(fps) if fps and np.isfinite(fps) and fps > 0 else None


def capture_frames(capture: cv2.VideoCapture, source: str) -> Iterator[np.ndarray]:
    """The RGB uint8 frames ``(H, W, 3)`` of ``capture`` until it ends; a source that ends
    before its first frame is an error."""
    count = 0
    try:
        while True:
            ok, frame = capture.read()
            if not ok:
                break
            count += 1
            yield cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
    finally:
        capture.release()
    if not count:
        raise ValueError(f'{source}: the stream ended before its first frame')


def mediapipe_poses(frames: Iterable[np.ndarray], layout: str,
                    pixels: bool = False) -> Iterator[FramePoses]:
    """MediaPipe's person (at most one) in each frame as it comes, mapped to ``layout`` as
    :func:`~stgcn_kit.pose.estimate_mediapipe` maps it (``pixels``: image positions for 3D
    layouts, for heatmap models)."""
    frames = iter(frames)
    shown = []  # the frame MediaPipe is looking at, kept to attach to its poses

    def remember() -> Iterator[np.ndarray]:
        for frame in frames:
            shown[:] = [frame]
            yield frame

    # closed with this generator: MediaPipe's graph is released when the stream stops
    with contextlib.closing(mediapipe_landmarks(remember())) as landmarks:
        for image, world, _ in landmarks:
            keypoint, score, points, scores = mediapipe_to_layout(image[None], world[None],
                                                                  layout, pixels)
            if not image[:, 2].any():  # nobody found
                keypoint, points, scores = keypoint[:0], points[:0], scores[:0]
                score = None if score is None else score[:0]
            yield FramePoses(keypoint, score, points, scores, shown[0])


def track_poses(track: PoseTrack) -> Iterator[FramePoses]:
    """The frames of recorded poses (a pickle record, OpenPose JSON) one at a time, without
    the people absent in each (all joints zero, the pickle format's padding)."""
    keypoint = np.asarray(track.record['keypoint'], np.float32)
    score = track.record.get('keypoint_score')
    score = None if score is None else np.asarray(score, np.float32)
    for t in range(keypoint.shape[1]):
        present = np.flatnonzero(np.any(keypoint[:, t] != 0, axis=(-1, -2)))
        yield FramePoses(
            keypoint[present, t], None if score is None else score[present, t],
            None if track.image_points is None else track.image_points[present, t],
            None if track.image_scores is None else track.image_scores[present, t])


def _jsonl_person(person, where: str, num_node: int):
    if not isinstance(person, dict) or 'keypoints' not in person:
        raise ValueError(f'{where}: each person needs "keypoints"')
    try:
        keypoint = np.asarray(person['keypoints'], np.float32)
        score = None if person.get('scores') is None else np.asarray(person['scores'],
                                                                     np.float32)
    except (TypeError, ValueError):
        raise ValueError(f'{where}: "keypoints" must be joints of 2 or 3 numbers') from None
    if keypoint.ndim != 2 or keypoint.shape[1] not in (2, 3):
        raise ValueError(f'{where}: "keypoints" must be joints of 2 or 3 numbers, got shape '
                         f'{keypoint.shape}')
    if len(keypoint) != num_node:
        raise ValueError(f'{where}: a person with {len(keypoint)} joints; the model\'s layout '
                         f'has {num_node}')
    if score is not None and score.shape != (num_node,):
        raise ValueError(f'{where}: "scores" must hold one number per joint')
    return keypoint, score


def jsonl_poses(path: str, num_node: int) -> Iterator[FramePoses]:
    """The frames of a JSON lines pose file (see the module docstring), read as they are
    needed, each checked against the model's ``num_node`` joints."""
    channels, count = None, 0
    with open(path, encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            where = f'{path} line {number}'
            try:
                frame = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f'{where}: not JSON ({err.msg})') from None
            people = frame.get('people') if isinstance(frame, dict) else None
            if not isinstance(people, list):
                raise ValueError(f'{where}: each line needs a "people" list')
            parsed = [_jsonl_person(p, where, num_node) for p in people]
            for keypoint, _ in parsed:
                channels = channels or keypoint.shape[1]
                if keypoint.shape[1] != channels:
                    raise ValueError(f'{where}: {keypoint.shape[1]} coordinates per joint after '
                                     f'{channels} before')
            keypoint = np.stack([k for k, _ in parsed]) if parsed else \
                np.zeros((0, num_node, channels or 2), np.float32)
            scores = [s for _, s in parsed]
            score = np.stack(scores) if parsed and all(s is not None for s in scores) else None
            points = keypoint if keypoint.shape[-1] == 2 else None
            count += 1
            yield FramePoses(keypoint, score, points, score if points is not None else None)
    if not count:
        raise ValueError(f'{path}: no frames (an empty pose file)')


def beside_video(poses: Iterable[FramePoses], frames: Iterable[np.ndarray],
                 num_node: int) -> Iterator[FramePoses]:
    """Recorded ``poses`` attached to the video ``frames`` they were taken from, frame by
    frame; frames past the end of the poses have nobody, poses past the video's end are
    dropped."""
    poses = iter(poses)
    for image in frames:
        frame = next(poses, None)
        if frame is None:
            frame = FramePoses(np.zeros((0, num_node, 2), np.float32))
        frame.image = image
        yield frame

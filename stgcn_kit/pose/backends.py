"""Where the demo's poses come from: MediaPipe run on the frames, OpenPose JSON written per
frame, or a record of our annotation pickle. Each gives a :class:`PoseTrack`."""
import contextlib
import glob
import os
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional, Tuple

import numpy as np

from stgcn_kit.datasets.annotation import validate_record
from stgcn_kit.datasets.raw.common import load_json
from stgcn_kit.skeleton import get_layout
from stgcn_kit.utils.io import load_pickle
from stgcn_kit.utils.progress import Progress

from .landmarks import (
    LAYOUTS_2D,
    LAYOUTS_3D,
    MEDIAPIPE_NUM_LANDMARKS,
    map_joints,
    map_scores,
    mediapipe_sources,
    mediapipe_world_to_kinect,
    openpose_sources,
)

MEDIAPIPE_MISSING = ('the mediapipe pose backend needs the optional extra: '
                     'pip install "stgcn_kit[mediapipe]" (it pins numpy<2)')


@dataclass
class PoseTrack:
    """The poses of one video.

    Attributes:
        record: an annotation record (``frame_dir``, ``keypoint`` ``(M, T, V, C)``,
            ``keypoint_score`` ``(M, T, V)`` for 2D, ``total_frames``, ``img_shape``), the
            recognizer's input.
        image_points: ``(M, T, V, 2)`` pixel positions to draw, or ``None`` when the poses have
            no image coordinates (3D poses read from a pickle).
        image_scores: ``(M, T, V)`` confidence of ``image_points`` (joints below a threshold are
            not drawn), or ``None``.
    """
    record: dict
    image_points: Optional[np.ndarray] = None
    image_scores: Optional[np.ndarray] = None

    @property
    def num_frames(self) -> int:
        return int(self.record['total_frames'])


def _record(name: str, keypoint: np.ndarray, score: Optional[np.ndarray],
            img_shape: Optional[Tuple[int, int]]) -> dict:
    record = dict(frame_dir=name, label=-1, keypoint=keypoint.astype(np.float32),
                  total_frames=keypoint.shape[1])
    if score is not None:
        record['keypoint_score'] = score.astype(np.float32)
    if img_shape is not None:
        record['img_shape'] = record['original_shape'] = tuple(int(s) for s in img_shape)
    return record


def mediapipe_landmarks(frames: Iterable[np.ndarray], model_complexity: int = 1,
                        min_confidence: float = 0.5
                        ) -> Iterator[Tuple[np.ndarray, np.ndarray, Tuple[int, int]]]:
    """Run MediaPipe Pose (one person, tracked from frame to frame) on RGB ``frames``
    ``(H, W, 3)`` uint8 as they come, yielding per frame ``(image, world, (H, W))``: the 33
    landmarks' ``(x, y, visibility)`` in pixels and their ``(x, y, z)`` world positions in
    metres, both ``(33, 3)`` float32 and all zero where nobody is found.

    Args:
        model_complexity: 1 ships inside the mediapipe wheel; 0 and 2 are downloaded on first
            use, so they need a network.
    """
    try:  # at the call, not at the first frame
        import mediapipe
    except ImportError:
        raise ImportError(MEDIAPIPE_MISSING) from None
    return _run_mediapipe(mediapipe, frames, model_complexity, min_confidence)


def _run_mediapipe(mediapipe, frames: Iterable[np.ndarray], model_complexity: int,
                   min_confidence: float
                   ) -> Iterator[Tuple[np.ndarray, np.ndarray, Tuple[int, int]]]:
    with mediapipe.solutions.pose.Pose(static_image_mode=False, model_complexity=model_complexity,
                                       min_detection_confidence=min_confidence,
                                       min_tracking_confidence=min_confidence) as pose:
        for frame in frames:
            shape = frame.shape[:2]
            image = np.zeros((MEDIAPIPE_NUM_LANDMARKS, 3), np.float32)
            world = np.zeros((MEDIAPIPE_NUM_LANDMARKS, 3), np.float32)
            found = pose.process(frame)
            if found.pose_landmarks is not None:
                image[:] = [(p.x * shape[1], p.y * shape[0], p.visibility)
                            for p in found.pose_landmarks.landmark]
                world[:] = [(p.x, p.y, p.z) for p in found.pose_world_landmarks.landmark]
            yield image, world, shape


def check_mediapipe_layout(layout: str) -> None:
    """``ValueError`` unless MediaPipe's landmarks map to ``layout``."""
    if layout not in LAYOUTS_2D + LAYOUTS_3D:
        raise ValueError(f'MediaPipe poses map to the layouts {list(LAYOUTS_2D + LAYOUTS_3D)}, '
                         f'not {layout!r}')


def estimate_mediapipe(frames: Iterable[np.ndarray], layout: str, num_frames: int,
                       name: str = 'video', model_complexity: int = 1,
                       min_confidence: float = 0.5, pixels: bool = False) -> PoseTrack:
    """Run MediaPipe Pose (one person) on RGB ``frames`` ``(H, W, 3)`` uint8.

    2D layouts (``coco``, ``openpose``) get pixel coordinates and visibility scores; the 3D
    Kinect layouts (``nturgb+d``, ``nw-ucla``) get world landmarks in Kinect axes (see
    :mod:`stgcn_kit.pose.landmarks` for the approximated joints), or with ``pixels`` their
    image positions as for 2D layouts (heatmap models read pixels). Frames where nobody is
    found hold zeros with score 0. ``model_complexity``: see :func:`mediapipe_landmarks`.
    """
    check_mediapipe_layout(layout)
    image = np.zeros((num_frames, MEDIAPIPE_NUM_LANDMARKS, 3), np.float32)
    world = np.zeros((num_frames, MEDIAPIPE_NUM_LANDMARKS, 3), np.float32)
    shape = None
    bar = Progress(num_frames, label='frames')
    # closed at once: MediaPipe's graph is released here, not whenever the generator is
    # collected
    with contextlib.closing(mediapipe_landmarks(frames, model_complexity,
                                                min_confidence)) as landmarks:
        for t, (image_t, world_t, frame_shape) in zip(range(num_frames), landmarks):
            image[t], world[t], shape = image_t, world_t, frame_shape
            bar.update()
    bar.close()
    if shape is None or not image[..., 2].any():
        raise ValueError(f'{name}: MediaPipe found no person in {num_frames} frames')
    keypoint, score, points, scores = mediapipe_to_layout(image[None], world[None], layout,
                                                          pixels)
    return PoseTrack(_record(name, keypoint, score, shape), points, scores)


def mediapipe_to_layout(image: np.ndarray, world: np.ndarray, layout: str, pixels: bool = False
                        ) -> Tuple[np.ndarray, Optional[np.ndarray], np.ndarray, np.ndarray]:
    """``(..., 33, 3)`` landmarks of :func:`mediapipe_landmarks` -> the model's input on
    ``layout`` (``keypoint`` ``(..., V, C)``, ``keypoint_score`` ``(..., V)`` or ``None`` for
    3D) and what to draw (pixel positions ``(..., V, 2)``, their scores ``(..., V)``), as
    :func:`estimate_mediapipe` describes."""
    sources = mediapipe_sources(layout)
    points = map_joints(image[..., :2], sources)
    scores = map_scores(image[..., 2], sources)
    if layout in LAYOUTS_2D or pixels:
        return points, scores, points, scores
    return mediapipe_world_to_kinect(map_joints(world, sources)), None, points, scores


def _openpose_people(path: str) -> np.ndarray:
    """``(P, K, 3)`` people of one OpenPose JSON frame file (``(0, 0, 3)`` for nobody)."""
    people = load_json(path).get('people')
    if not isinstance(people, list):
        raise ValueError(f'{path}: no "people" list; is this an OpenPose --write_json file?')
    try:
        poses = [np.asarray(p['pose_keypoints_2d'], np.float32).reshape(-1, 3) for p in people]
    except (KeyError, TypeError, ValueError):
        raise ValueError(f'{path}: every person needs "pose_keypoints_2d" as x, y, score '
                         f'triples') from None
    if len({len(p) for p in poses}) > 1:
        raise ValueError(f'{path}: people with different keypoint counts in one frame')
    return np.stack(poses) if poses else np.zeros((0, 0, 3), np.float32)


def read_openpose_json(folder: str, layout: str, max_person: int = 2,
                       img_shape: Optional[Tuple[int, int]] = None) -> PoseTrack:
    """Read the per-frame files ``*_keypoints.json`` (or ``*.json``) that OpenPose's
    ``--write_json`` leaves in ``folder``, in name order, as 2D poses on ``layout``.

    OpenPose does not track people, so each frame keeps its ``max_person`` most confident
    people in order of confidence.
    """
    files = sorted(glob.glob(os.path.join(folder, '*_keypoints.json'))) or \
        sorted(glob.glob(os.path.join(folder, '*.json')))
    if not files:
        raise ValueError(f'{folder}: no OpenPose JSON files (*_keypoints.json) found')
    frames = []
    for path in files:
        people = _openpose_people(path)
        if len(people):
            people = people[np.argsort(-people[..., 2].mean(-1), kind='stable')[:max_person]]
        frames.append(people)
    sizes = {people.shape[1] for people in frames if len(people)}
    if not sizes:
        raise ValueError(f'{folder}: OpenPose found nobody in {len(files)} frames')
    if len(sizes) > 1:
        raise ValueError(f'{folder}: frames with {sorted(sizes)} keypoints per person')
    num = sizes.pop()
    sources = openpose_sources(num, layout, folder)
    raw = np.zeros((max(len(f) for f in frames), len(files), num, 3), np.float32)
    for t, people in enumerate(frames):
        if len(people):
            raw[:len(people), t] = people
    points, scores = map_joints(raw[..., :2], sources), map_scores(raw[..., 2], sources)
    name = os.path.basename(os.path.normpath(folder))
    return PoseTrack(_record(name, points, scores, img_shape), points, scores)


def read_pose_pickle(path: str, layout: str, sample: Optional[str] = None,
                     trust_pickle: bool = False) -> PoseTrack:
    """One record from ``path``: a single record dict, or an annotation pickle from which
    ``sample`` (a ``frame_dir``) is picked (it may be left out when the pickle holds one).
    2D records are drawn where they lie; 3D records have nothing to draw. The pickle may hold
    only plain data and numpy arrays unless ``trust_pickle`` (full unpickling: it can run
    code)."""
    data = load_pickle(path, trust_pickle)
    if isinstance(data, dict) and 'annotations' in data:
        records = data['annotations']
        if sample is None and len(records) != 1:
            raise ValueError(f'{path}: holds {len(records)} samples; choose one by its '
                             f'frame_dir')
        picked = [r for r in records if sample is None or r.get('frame_dir') == sample]
        if not picked:
            raise ValueError(f'{path}: no sample with frame_dir {sample!r}')
        data = picked[0]
    validate_record(data, get_layout(layout).num_node, source=path, labelled=False)
    record = dict(data)
    keypoint = np.asarray(record['keypoint'], np.float32)
    if keypoint.shape[-1] != 2:
        return PoseTrack(record)
    scores = record.get('keypoint_score')
    return PoseTrack(record, keypoint, None if scores is None else np.asarray(scores))

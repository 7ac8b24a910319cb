"""Recognising actions as the poses arrive: a ring buffer of the last frames per tracked
person, and the recognizer run on each window of them through :func:`inference_recognizer`
(the config's test pipeline on the window alone), so a streamed window scores exactly as the
same frames given offline."""
from collections import deque
from dataclasses import dataclass, field
from typing import Deque, Dict, List, Optional, Tuple

import numpy as np
from torch import nn

from stgcn_kit.skeleton import get_layout

from .inference import inference_recognizer, model_layout
from .tracking import PoseTracker


@dataclass
class WindowScores:
    """The recognizer's output on one window of one person.

    Attributes:
        track: the person's track id.
        start_frame: stream index of the window's first frame.
        end_frame: stream index of its last frame (inclusive).
        num_frames: frames in the window (fewer than ``end_frame - start_frame + 1`` where the
            person was missed in between: the window holds the frames they were seen in).
        scores: ``(num_classes,)`` class scores, as :attr:`Recognition.pred_score`.
    """
    track: int
    start_frame: int
    end_frame: int
    num_frames: int
    scores: np.ndarray


@dataclass
class StreamStep:
    """What one :meth:`StreamRecognizer.push` found.

    Attributes:
        frame: the stream index of the pushed frame (0 for the first).
        ids: ``(P,)`` track id of each pushed person (``-1``: not tracked).
        windows: the windows recognised in this step (those of the ended tracks first).
        ended: ids of the tracks that ended in this step (their last window is in
            ``windows``).
    """
    frame: int
    ids: np.ndarray
    windows: List[WindowScores] = field(default_factory=list)
    ended: List[int] = field(default_factory=list)


@dataclass
class _Buffer:
    """The last ``window`` frames one person was seen in."""
    frames: Deque[int]
    keypoint: Deque[np.ndarray]
    score: Deque[Optional[np.ndarray]]
    seen: int = 0  # frames seen in all
    fresh: int = 0  # frames seen since the last window
    recognised: bool = False  # a window has been recognised


class StreamRecognizer:
    """Feed one frame's poses at a time; get each tracked person's window scores as their
    windows fill.

    A person's first window is recognised when they have been seen in ``window`` frames, then
    one every ``stride`` frames they are seen in. When their track ends (or the stream, with
    :meth:`close`), the frames seen since their last window get a last window: their last
    ``window`` frames, or all of them when fewer, if at least ``min_frames`` (as the offline
    demo's windows, whose last one ends at the last frame).

    Args:
        model: from :func:`init_recognizer` (GCN or PoseC3D; any layout its config reads).
        window: frames per window.
        stride: frames between the ends of consecutive windows.
        tracker: gives the track ids (default: a :class:`PoseTracker` with its defaults).
        min_frames: the fewest frames a track's last (short) window may have (default
            ``window // 2``); a person seen in fewer frames is never recognised.
        img_shape: ``(h, w)`` of the frames 2D poses come from (2D normalisation and heatmap
            models use it).
    """

    def __init__(self, model: nn.Module, window: int, stride: int,
                 tracker: Optional[PoseTracker] = None, min_frames: Optional[int] = None,
                 img_shape: Optional[Tuple[int, int]] = None) -> None:
        if window < 1 or stride < 1:
            raise ValueError(f'window and stride must be >= 1, got {window}, {stride}')
        self.model, self.window, self.stride = model, window, stride
        self.tracker = tracker if tracker is not None else PoseTracker()
        self.min_frames = max(1, window // 2 if min_frames is None else min_frames)
        self.img_shape = img_shape
        self.num_node = get_layout(model_layout(model.cfg)).num_node
        self._buffers: Dict[int, _Buffer] = {}
        self._frame = -1

    def _recognise(self, track: int, buffer: _Buffer) -> WindowScores:
        keypoint = np.stack(buffer.keypoint)[None]
        record = dict(keypoint=keypoint, total_frames=keypoint.shape[1])
        if any(score is not None for score in buffer.score):
            sure = np.ones(keypoint.shape[2], np.float32)  # a frame given without scores
            record['keypoint_score'] = np.stack([sure if score is None else score
                                                 for score in buffer.score])[None]
        scores = inference_recognizer(self.model, record, topk=1,
                                      img_shape=self.img_shape).pred_score
        buffer.fresh, buffer.recognised = 0, True
        return WindowScores(track, buffer.frames[0], buffer.frames[-1], len(buffer.frames),
                            scores)

    def _finish(self, track: int) -> List[WindowScores]:
        buffer = self._buffers.pop(track)
        if buffer.fresh and buffer.seen >= self.min_frames:
            return [self._recognise(track, buffer)]
        return []

    def push(self, keypoint: np.ndarray, score: Optional[np.ndarray] = None) -> StreamStep:
        """Add the next frame.

        Args:
            keypoint: ``(P, V, C)`` the frame's people on the model's layout (``P`` may be 0;
                people whose joints are all zero count as absent).
            score: ``(P, V)`` joint confidences (2D poses), or ``None``.

        Returns:
            a :class:`StreamStep`.
        """
        keypoint = np.asarray(keypoint, np.float32)
        if keypoint.ndim != 3 or keypoint.shape[1] != self.num_node:
            raise ValueError(f'poses must be (people, {self.num_node} joints, coordinates) for '
                             f'the model\'s layout, got shape {keypoint.shape}')
        if score is not None:
            score = np.asarray(score, np.float32)
        self._frame += 1
        ids, ended = self.tracker.update(keypoint, score)
        step = StreamStep(self._frame, ids, ended=ended)
        for track in ended:
            step.windows += self._finish(track)
        for person in np.flatnonzero(ids >= 0):
            track = int(ids[person])
            buffer = self._buffers.get(track)
            if buffer is None:
                buffer = self._buffers[track] = _Buffer(*(deque(maxlen=self.window)
                                                          for _ in range(3)))
            buffer.frames.append(self._frame)
            buffer.keypoint.append(keypoint[person])
            buffer.score.append(None if score is None else score[person])
            buffer.seen += 1
            buffer.fresh += 1
            if buffer.seen >= self.window and (not buffer.recognised
                                               or buffer.fresh >= self.stride):
                step.windows.append(self._recognise(track, buffer))
        return step

    def close(self) -> List[WindowScores]:
        """End every track (the stream ended): their last windows, by track id."""
        return [w for track in sorted(self._buffers) for w in self._finish(track)]

"""From window scores to action segments: per track, the scores of the last windows averaged,
a label where one class is confident enough (else background), and a segment closed each time
the label changes.

Where a segment ends: a decision (the mean over the last ``smooth`` windows) stands for the
frames around its anchor, the mean of those windows' centre frames; when two consecutive
decisions differ, the cut falls halfway between their anchors. A track's first segment starts
at its first window's first frame, its last ends at its last window's last frame. So a change
of action shows up in the timeline within about half a stride of where the windows' majority
changes, and is known (the segment is written) once the first window past it is recognised.
"""
from collections import deque
from dataclasses import dataclass
from typing import Deque, Dict, List, Optional, Sequence

import numpy as np

from .stream import WindowScores

BACKGROUND = -1
BACKGROUND_NAME = 'background'


@dataclass
class Segment:
    """One stretch of one person's timeline.

    Attributes:
        track: the person's track id.
        start_frame, end_frame: stream indices of its first and last frame (inclusive).
        label: class index, or ``-1`` (background: no class reached the threshold).
        name: the class name (``'background'`` for ``-1``).
        score: the mean, over the segment's decisions, of the label's smoothed score (for
            background: of the best class's, which stayed below the threshold).
    """
    track: int
    start_frame: int
    end_frame: int
    label: int
    name: str
    score: float


@dataclass
class _Open:
    start: int
    label: int
    anchor: float  # of the latest decision
    end: int  # last frame of the latest window
    total: float = 0.0
    count: int = 0


class Segmenter:
    """Cut each track's window scores into segments (see the module docstring).

    Args:
        label_names: the class names (index ``i`` names class ``i``).
        threshold: the smoothed score a class needs to label frames; below it they are
            background.
        smooth: how many of the latest windows are averaged (1: none).
    """

    def __init__(self, label_names: Sequence[str], threshold: float = 0.5,
                 smooth: int = 1) -> None:
        if smooth < 1:
            raise ValueError(f'smooth must be >= 1 window, got {smooth}')
        self.label_names, self.threshold, self.smooth = list(label_names), threshold, smooth
        self._recent: Dict[int, Deque[WindowScores]] = {}
        self._open: Dict[int, _Open] = {}

    def _name(self, label: int) -> str:
        return BACKGROUND_NAME if label == BACKGROUND else self.label_names[label]

    def current(self, track: int) -> Optional[Segment]:
        """The track's open segment so far (``None`` before its first window)."""
        seg = self._open.get(track)
        if seg is None:
            return None
        return Segment(track, seg.start, seg.end, seg.label, self._name(seg.label),
                       seg.total / seg.count)

    def add(self, window: WindowScores) -> List[Segment]:
        """Take one window's scores; returns the segment this closes, if any."""
        if len(window.scores) != len(self.label_names):
            raise ValueError(f'{len(window.scores)} class scores for {len(self.label_names)} '
                             f'class names')
        recent = self._recent.setdefault(window.track, deque(maxlen=self.smooth))
        recent.append(window)
        mean = np.mean([w.scores for w in recent], axis=0)
        anchor = float(np.mean([(w.start_frame + w.end_frame) / 2 for w in recent]))
        best = int(np.argmax(mean))
        label = best if mean[best] >= self.threshold else BACKGROUND
        seg, closed = self._open.get(window.track), []
        if seg is None:
            seg = self._open[window.track] = _Open(window.start_frame, label, anchor,
                                                   window.end_frame)
        elif label != seg.label:
            cut = max(int(np.floor((seg.anchor + anchor) / 2)) + 1, seg.start + 1)
            closed.append(Segment(window.track, seg.start, cut - 1, seg.label,
                                  self._name(seg.label), seg.total / seg.count))
            seg = self._open[window.track] = _Open(cut, label, anchor, window.end_frame)
        seg.anchor, seg.end = anchor, max(seg.end, window.end_frame)
        seg.total += float(mean[best])
        seg.count += 1
        return closed

    def end(self, track: int) -> List[Segment]:
        """The track ended: its open segment, closed at its last window's last frame."""
        self._recent.pop(track, None)
        seg = self.current(track)
        self._open.pop(track, None)
        return [seg] if seg is not None else []

    def close(self) -> List[Segment]:
        """Close every open segment (the stream ended), by track id."""
        return [s for track in sorted(self._open) for s in self.end(track)]

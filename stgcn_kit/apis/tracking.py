"""Track ids for the people of a pose stream: each frame's people are matched to the tracks of
the frames before by their joints, new people get new ids, and people unseen for too long are
dropped.

The matcher: the cost of a (track, person) pair is the mean distance between the person's
joints and the track's last matched pose over the joints visible in both, divided by the size
of that pose (the diagonal of its visible joints' bounding box), so that one gate fits metres
and pixels, near and far people. Pairs costing more than ``gate`` never match; among the rest
the assignment of least total cost is taken (Hungarian, scipy's ``linear_sum_assignment``).

When identities can swap: the matcher has no motion model and no appearance, only the last
pose. Two people who come closer than the gate (they cross, embrace, one passes behind the
other) can exchange ids, and a person missed for a few frames can lose their id to someone who
steps into their last place within ``max_age`` frames. A person missed for more than
``max_age`` frames comes back with a new id.
"""
from dataclasses import dataclass
from typing import List, Optional, Tuple

import numpy as np
from scipy.optimize import linear_sum_assignment


def visible_joints(keypoint: np.ndarray, score: Optional[np.ndarray],
                   score_thr: float) -> np.ndarray:
    """``(..., V)`` mask of the joints that were found: not at the origin (how the pickle format
    pads absent people and joints) and, with scores, at least ``score_thr`` sure."""
    found = np.any(keypoint != 0, axis=-1)
    if score is not None:
        found &= score >= score_thr
    return found


@dataclass
class _Track:
    id: int
    pose: np.ndarray  # (V, C) at the last match
    visible: np.ndarray  # (V,) bool
    missed: int = 0  # frames since the last match


class PoseTracker:
    """Give each person of a pose stream a track id, frame by frame.

    Args:
        max_tracks: at most this many people are tracked at once (``None``: no limit); when
            more newcomers appear than free places, the surest (highest mean joint score, else
            most visible joints) get them and the others stay untracked in that frame.
            People already tracked are never displaced by newcomers.
        max_age: a track unmatched for more than this many consecutive frames ends.
        gate: the highest matching cost (mean joint distance over pose size) of a match.
        score_thr: joints less sure than this are ignored (as if absent).
    """

    def __init__(self, max_tracks: Optional[int] = None, max_age: int = 15, gate: float = 0.5,
                 score_thr: float = 0.2) -> None:
        if max_tracks is not None and max_tracks < 1:
            raise ValueError(f'max_tracks must be >= 1 (or None), got {max_tracks}')
        if max_age < 0 or gate <= 0:
            raise ValueError(f'max_age must be >= 0 and gate > 0, got {max_age}, {gate}')
        self.max_tracks, self.max_age, self.gate = max_tracks, max_age, gate
        self.score_thr = score_thr
        self._tracks: List[_Track] = []
        self._next_id = 0

    @property
    def live(self) -> List[int]:
        """Ids of the tracks alive now, oldest first."""
        return [t.id for t in self._tracks]

    def _cost(self, track: _Track, pose: np.ndarray, visible: np.ndarray) -> float:
        both = track.visible & visible
        if not both.any():
            return np.inf
        seen = track.pose[track.visible]
        size = max(float(np.linalg.norm(seen.max(0) - seen.min(0))), 1e-6)
        return float(np.linalg.norm(pose[both] - track.pose[both], axis=-1).mean()) / size

    def update(self, keypoint: np.ndarray,
               score: Optional[np.ndarray] = None) -> Tuple[np.ndarray, List[int]]:
        """Match one frame's people to the tracks.

        Args:
            keypoint: ``(P, V, C)`` the frame's people (``P`` may be 0).
            score: ``(P, V)`` joint confidences, or ``None`` (all joints sure).

        Returns:
            ``(ids, ended)``: ``(P,)`` the track id of each person (``-1``: not tracked, i.e.
            no joint visible or no place left under ``max_tracks``), and the ids of the tracks
            that ended in this frame (unmatched for more than ``max_age`` frames).
        """
        keypoint = np.asarray(keypoint, np.float32)
        visible = visible_joints(keypoint, score, self.score_thr)
        people = np.flatnonzero(visible.any(-1))
        ids = np.full(len(keypoint), -1, np.int64)
        cost = np.array([[self._cost(t, keypoint[p], visible[p]) for p in people]
                         for t in self._tracks]).reshape(len(self._tracks), len(people))
        matched = set()
        if cost.size:
            # gated pairs cost more than any sum of admissible ones, so they are never chosen
            # over an admissible alternative and are dropped afterwards
            rows, cols = linear_sum_assignment(np.where(cost <= self.gate, cost,
                                                        self.gate * (cost.size + 1)))
            for r, c in zip(rows, cols):
                if cost[r, c] <= self.gate:
                    track, person = self._tracks[r], people[c]
                    track.pose, track.visible, track.missed = keypoint[person], visible[person], 0
                    ids[person] = track.id
                    matched.add(r)
        ended = []
        for r, track in enumerate(self._tracks):
            if r not in matched:
                track.missed += 1
                if track.missed > self.max_age:
                    ended.append(track.id)
        self._tracks = [t for t in self._tracks if t.id not in ended]
        newcomers = [p for p in people if ids[p] < 0]
        sureness = [float(score[p][visible[p]].mean()) if score is not None
                    else float(visible[p].sum()) for p in newcomers]
        for i in np.argsort(-np.asarray(sureness), kind='stable'):
            if self.max_tracks is not None and len(self._tracks) >= self.max_tracks:
                break
            person = newcomers[i]
            self._tracks.append(_Track(self._next_id, keypoint[person], visible[person]))
            ids[person] = self._next_id
            self._next_id += 1
        return ids, ended

"""The pose tracker on real NW-UCLA skeletons: ids kept across frames and people orders, the
least-cost assignment, the gate (a real Kinect jump starts a new track), max_age, max_tracks,
and the documented identity swap."""
import numpy as np
import pytest
from stream_helpers import load_sequence

from stgcn_kit.apis import PoseTracker


@pytest.fixture(scope='module')
def walk(shared_data):
    """A person picking up with one hand (83 frames, no Kinect jump)."""
    return load_sequence(shared_data, 'a01_s05_e00_v01')


def body_size(pose):
    return float(np.linalg.norm(pose.max(0) - pose.min(0)))


def test_least_total_cost_beats_nearest_first(walk):
    """Tracks at 0 and 1 body size along x; people at 0.6 and 1.5: matching the nearest pair
    first (the second track to the person at 0.6) would leave the first track's only
    candidate beyond the gate; the least-cost assignment keeps both."""
    pose, size = walk[0], body_size(walk[0])
    shift = np.array([size, 0, 0], np.float32)
    tracker = PoseTracker(gate=0.7)
    ids, _ = tracker.update(np.stack([pose, pose + shift]))
    assert list(ids) == [0, 1]
    ids, _ = tracker.update(np.stack([pose + 0.6 * shift, pose + 1.5 * shift]))
    assert list(ids) == [0, 1]


def test_a_kinect_jump_beyond_the_gate_starts_a_new_track(shared_data):
    """a04_s01_e00_v01 moves by about one body size between frames 62 and 63 (the Kinect
    lost the person); every other frame keeps the id."""
    seq = load_sequence(shared_data, 'a04_s01_e00_v01')
    tracker = PoseTracker(max_age=3)
    ids = [int(tracker.update(frame[None])[0][0]) for frame in seq]
    assert ids == [0] * 63 + [1] * (len(seq) - 63)


def test_people_missed_for_max_age_frames_keep_their_id(walk):
    tracker = PoseTracker(max_age=4)
    nobody = np.zeros((0, 20, 3), np.float32)
    assert tracker.update(walk[:1])[0][0] == 0
    for _ in range(4):
        assert tracker.update(nobody)[1] == [] and tracker.live == [0]
    assert tracker.update(walk[1:2])[0][0] == 0  # back after 4 missed frames
    for t in range(5):
        _, ended = tracker.update(nobody)
        assert ended == ([0] if t == 4 else [])
    assert tracker.update(walk[2:3])[0][0] == 1  # back after 5: a new id


def test_max_tracks_keeps_the_surest_newcomers(walk):
    pose, size = walk[0], body_size(walk[0])
    people = np.stack([pose + [k * 3 * size, 0, 0] for k in range(3)]).astype(np.float32)
    score = np.full((3, 20), 0.9, np.float32)
    score[1] = 0.6  # the least sure one waits for a free place
    tracker = PoseTracker(max_tracks=2, max_age=0)
    assert list(tracker.update(people, score)[0]) == [0, -1, 1]
    ids, ended = tracker.update(people[1:], score[1:])  # person 0 left
    assert ended == [0] and list(ids) == [2, 1]


def test_people_without_visible_joints_are_not_tracked(walk):
    tracker = PoseTracker(score_thr=0.3)
    people = np.stack([walk[0], np.zeros((20, 3), np.float32), walk[0] + [5, 0, 0]])
    score = np.ones((3, 20), np.float32)
    score[2] = 0.2  # sure of none of their joints
    assert list(tracker.update(people, score)[0]) == [0, -1, -1]
    assert tracker.live == [0]


def test_a_person_stepping_into_a_missed_persons_place_takes_their_id(walk):
    """The documented swap: nothing but the last pose tells people apart."""
    pose, size = walk[0], body_size(walk[0])
    other = pose + np.array([3 * size, 0, 0], np.float32)
    tracker = PoseTracker(max_age=10)
    assert list(tracker.update(np.stack([pose, other]))[0]) == [0, 1]
    # person 0 is missed while person 1 moves to where person 0 was last seen
    assert list(tracker.update(pose[None] + [0.05, 0, 0])[0]) == [0]

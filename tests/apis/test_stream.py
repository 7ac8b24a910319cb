"""The streaming recognizer on streams of real poses: NW-UCLA sequences of known actions one
after another, two people side by side doing different actions (a stand-in recognizer whose
scores are known gives the labels and boundaries to expect), and window by window the scores
of :func:`inference_recognizer` on the same frames (a tiny ST-GCN on NW-UCLA's 3D joints, a
tiny PoseC3D on real OpenPose poses of a Kinetics clip)."""
from collections import defaultdict
from typing import Dict, List

import numpy as np
import pytest
from inference_helpers import REPO, save_random_checkpoint, write_tiny_posec3d_config
from stream_helpers import (
    KINETICS_SHAPE,
    PERSON_A,
    PERSON_B,
    UNKNOWN,
    SourceLookup,
    kinetics_coco_poses,
    label_of,
    load_sequence,
    person_stream,
    two_people,
)

from stgcn_kit.apis import (
    PoseTracker,
    Segmenter,
    StreamRecognizer,
    inference_recognizer,
    init_recognizer,
)

NWUCLA_CONFIG = REPO / 'configs' / 'stgcn' / 'stgcn_nwucla' / 'j.py'
TINY_CONFIG = REPO / 'tests' / 'configs' / 'tiny_stgcn_nwucla.py'
WINDOW, STRIDE, SMOOTH, MAX_AGE = 24, 6, 3, 5
# a cut may fall this many frames from the true change of action: it lies halfway between the
# anchors of two decisions a stride apart (errors of 0 and 2 frames are seen here)
TOLERANCE = STRIDE // 2


def run_stream(recognizer, segmenter, frames, seed=0):
    """Push the frames (the people of each in a shuffled order); returns the track ids each
    person got, the windows, the ended tracks by frame, and the segments."""
    rng = np.random.default_rng(seed)
    ids, windows, ended, segments = defaultdict(set), [], {}, []
    for people in frames:
        order = rng.permutation(len(people))
        keypoint = np.stack([people[i][1] for i in order]) if people else np.zeros((0, 20, 3))
        step = recognizer.push(keypoint)
        for i, track in zip(order, step.ids):
            ids[people[i][0]].add(int(track))
        for window in step.windows:
            windows.append(window)
            segments += segmenter.add(window)
        for track in step.ended:
            ended[track] = step.frame
            segments += segmenter.end(track)
    for window in recognizer.close():
        windows.append(window)
        segments += segmenter.add(window)
    return ids, windows, ended, segments + segmenter.close()


@pytest.fixture(scope='module')
def nwucla_model():
    return init_recognizer(NWUCLA_CONFIG, device='cpu')


def test_segments_follow_the_actions_of_two_people(shared_data, nwucla_model):
    sources = {n: load_sequence(shared_data, n) for n in PERSON_A + PERSON_B}
    stand_in = SourceLookup(nwucla_model, sources)
    recognizer = StreamRecognizer(stand_in, WINDOW, STRIDE, PoseTracker(max_age=MAX_AGE))
    frames, people = two_people(shared_data)
    ids, windows, ended, segments = run_stream(recognizer, Segmenter(
        nwucla_model.label_names, threshold=0.5, smooth=SMOOTH), frames)

    # each person kept one track id of their own, whatever order they came in
    assert len(ids['A']) == len(ids['B']) == 1 and ids['A'] != ids['B']
    track = {name: next(iter(ids[name])) for name in 'AB'}
    # A left at their last frame; their track ended max_age frames later
    assert ended == {track['A']: people['A'][1] + MAX_AGE + 1}
    # the stand-in saw the test pipeline's 10 clips of 52 frames per window
    assert all(len(shown) == 520 for shown in stand_in.shown)
    assert len(stand_in.shown) == len(windows)

    for name, names in (('A', PERSON_A), ('B', PERSON_B)):
        first, last, starts = people[name]
        mine = [s for s in segments if s.track == track[name]]
        assert [s.label for s in mine] == [label_of(n) for n in names]
        assert [s.name for s in mine] == [nwucla_model.label_names[label_of(n)] for n in names]
        assert mine[0].start_frame == first and mine[-1].end_frame == last
        for before, after, true_start in zip(mine, mine[1:], starts[1:]):
            assert after.start_frame == before.end_frame + 1
            assert abs(after.start_frame - true_start) <= TOLERANCE, (name, after, true_start)
        # the sources' own shares: far from a change a window is all one action
        assert all(s.score > 0.8 for s in mine)


def test_frames_of_no_known_action_are_background(shared_data, nwucla_model):
    names = (PERSON_A[0], UNKNOWN, PERSON_A[1])
    stand_in = SourceLookup(nwucla_model, {n: load_sequence(shared_data, n)
                                           for n in PERSON_A})
    stream, starts = person_stream(shared_data, names)
    _, _, _, segments = run_stream(StreamRecognizer(stand_in, WINDOW, STRIDE),
                                   Segmenter(nwucla_model.label_names, 0.5, SMOOTH),
                                   [[('A', frame)] for frame in stream])
    assert [(s.label, s.name) for s in segments] == [
        (label_of(names[0]), nwucla_model.label_names[label_of(names[0])]),
        (-1, 'background'), (label_of(names[2]), nwucla_model.label_names[label_of(names[2])])]
    for segment, true_start in zip(segments[1:], starts[1:]):
        assert abs(segment.start_frame - true_start) <= TOLERANCE
    assert segments[1].score < 0.5  # the best class's share in the unknown stretch


def track_log(frames, recognizer):
    """Push the frames; the test's own record of every track's frames (stream index, joints,
    scores) from the ids each step returned, and the windows."""
    log: Dict[int, List] = defaultdict(list)
    windows = []
    for keypoint, score in frames:
        step = recognizer.push(keypoint, score)
        for person, track in enumerate(step.ids):
            if track >= 0:
                log[int(track)].append((step.frame, keypoint[person],
                                        None if score is None else score[person]))
        windows += step.windows
    return log, windows + recognizer.close()


def expected_input(log, window):
    """The window's frames as the test's log has them: the track's frames up to the window's
    last, as many as the window holds."""
    seen = [entry for entry in log[window.track] if entry[0] <= window.end_frame]
    part = seen[-window.num_frames:]
    assert part[0][0] == window.start_frame
    record = dict(keypoint=np.stack([k for _, k, _ in part])[None])
    if any(s is not None for _, _, s in part):  # frames pushed without scores: sure joints
        record['keypoint_score'] = np.stack([np.ones(len(k)) if s is None else s
                                             for _, k, s in part])[None]
    return record


def test_window_scores_are_those_of_inference_recognizer(shared_data, tmp_path):
    checkpoint = save_random_checkpoint(TINY_CONFIG, tmp_path / 'tiny.pth')
    model = init_recognizer(TINY_CONFIG, checkpoint, 'cpu')
    frames, people = two_people(shared_data)
    pushed = [(np.stack([k for _, k in p]) if p else np.zeros((0, 20, 3), np.float32), None)
              for p in frames]
    log, windows = track_log(pushed, StreamRecognizer(model, WINDOW, STRIDE,
                                                      PoseTracker(max_age=MAX_AGE)))
    assert len(log) == 2
    for window in windows:
        expected = inference_recognizer(model, expected_input(log, window)).pred_score
        assert np.array_equal(window.scores, expected), window
    # each person's windows: full ones every stride frames, then one ending at their last
    for track, (first, last, _) in zip(sorted(log), (people['A'], people['B'])):
        ends = list(range(first + WINDOW - 1, last + 1, STRIDE))
        ends += [last] if ends[-1] != last else []
        assert [w.end_frame for w in windows if w.track == track] == ends
        assert all(w.num_frames == WINDOW for w in windows if w.track == track)


def test_posec3d_windows_on_2d_poses_of_several_people(shared_data, tmp_path):
    """A heatmap model reads each window of 2D pixels and scores drawn with the frames'
    image shape, as inference_recognizer does offline; frames without scores count as
    sure."""
    config = write_tiny_posec3d_config(tmp_path, 'X3D')
    model = init_recognizer(config, save_random_checkpoint(config, tmp_path / 'c.pth'), 'cpu')
    # every seventh frame comes without scores
    pushed = [(k, None if t % 7 == 3 else s)
              for t, (k, s) in enumerate(kinetics_coco_poses(shared_data))]
    recognizer = StreamRecognizer(model, 30, 15, PoseTracker(max_tracks=3),
                                  img_shape=KINETICS_SHAPE)
    log, windows = track_log(pushed, recognizer)
    assert len(windows) >= 10 and len({w.track for w in windows}) >= 2
    for window in windows:
        expected = inference_recognizer(model, expected_input(log, window),
                                        img_shape=KINETICS_SHAPE).pred_score
        assert np.array_equal(window.scores, expected), window


def test_short_tracks_and_wrong_joint_counts(shared_data, nwucla_model):
    seq = load_sequence(shared_data, PERSON_A[0])
    recognizer = StreamRecognizer(nwucla_model, WINDOW, STRIDE, min_frames=10)
    with pytest.raises(ValueError, match='20 joints'):
        recognizer.push(np.zeros((1, 25, 3)))
    for t in range(15):  # seen in fewer frames than a window, more than min_frames
        assert recognizer.push(seq[t:t + 1]).windows == []
    last = recognizer.close()
    assert [(w.start_frame, w.end_frame, w.num_frames) for w in last] == [(0, 14, 15)]
    short = StreamRecognizer(nwucla_model, WINDOW, STRIDE, min_frames=10)
    for t in range(9):
        short.push(seq[t:t + 1])
    assert short.close() == []

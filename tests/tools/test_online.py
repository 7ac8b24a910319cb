"""demo/online.py on real poses: two people in stitched NW-UCLA sequences from JSON lines (the
timeline the library gives for the same frames), real OpenPose poses beside a real video with
the drawn video out, Ctrl-C through the real process, bad inputs as one error line each, and
MediaPipe on a real video where it is installed. Checkpoints are tiny models with random
weights built here."""
import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import time

import decord
import numpy as np
import pytest
from inference_helpers import (
    REPO,
    run_script,
    save_random_checkpoint,
    write_tiny_config,
    write_tiny_posec3d_config,
)
from stream_helpers import (
    PERSON_A,
    kinetics_coco_poses,
    load_sequence,
    person_stream,
    served,
    two_people,
)

from stgcn_kit.apis import PoseTracker, Segmenter, StreamRecognizer, init_recognizer
from stgcn_kit.datasets.raw.ntu import read_sample
from stgcn_kit.utils import dump_pickle

TOOL = 'demo/online.py'
TINY_CONFIG = REPO / 'tests' / 'configs' / 'tiny_stgcn_nwucla.py'
B_LEAVES = 200
OPTIONS = ['--window', 24, '--stride', 6, '--smooth', 2, '--max-age', 5, '--threshold', 0.3]


@pytest.fixture(scope='module')
def ucla_checkpoint(tmp_path_factory):
    return save_random_checkpoint(TINY_CONFIG, tmp_path_factory.mktemp('ckpt') / 'tiny.pth')


def write_jsonl(path, frames):
    """``frames``: per frame a list of ``(P, V, C)`` people and optional ``(P, V)`` scores."""
    with open(path, 'w') as f:
        for keypoint, score in frames:
            people = [dict(keypoints=k.tolist(), **({} if score is None else
                                                    dict(scores=score[i].tolist())))
                      for i, k in enumerate(keypoint)]
            f.write(json.dumps(dict(people=people)) + '\n')
    return path


def ucla_frames(stream):
    return [(np.stack([k for _, k in people]) if people else np.zeros((0, 20, 3)), None)
            for people in stream]


def read_timeline(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_two_people_from_json_lines(shared_data, tmp_path, ucla_checkpoint, capsys):
    stream, people = two_people(shared_data)
    # B (track 1) leaves at frame 199, before A: their segments are written when their track
    # ends, ahead of A's
    stream = [[p for p in frame if p[0] == 'A' or t < B_LEAVES] for t, frame in
              enumerate(stream)]
    people['B'] = people['B'][0], B_LEAVES - 1, people['B'][2]
    poses = write_jsonl(tmp_path / 'poses.jsonl', ucla_frames(stream))
    timeline = tmp_path / 'timeline.jsonl'
    code = run_script(TOOL, poses, '--config', TINY_CONFIG, '--checkpoint', ucla_checkpoint,
                      '--timeline', timeline, '--fps', 30, *OPTIONS)
    printed = capsys.readouterr().out
    assert code == 0, printed
    rows = read_timeline(timeline)
    # the library's own streaming of the same frames, composed here
    model = init_recognizer(TINY_CONFIG, ucla_checkpoint, 'cpu')
    recognizer = StreamRecognizer(model, 24, 6, PoseTracker(max_age=5))
    segmenter = Segmenter(model.label_names, 0.3, 2)
    expected = []
    for keypoint, _ in ucla_frames(stream):
        step = recognizer.push(keypoint)
        for window in step.windows:
            expected += segmenter.add(window)
        for track in step.ended:
            expected += segmenter.end(track)
    for window in recognizer.close():
        expected += segmenter.add(window)
    expected += segmenter.close()
    assert [(r['track'], r['start_frame'], r['end_frame'], r['label'], r['name'])
            for r in rows] == [(s.track, s.start_frame, s.end_frame, s.label, s.name)
                               for s in expected]
    # each person's segments cover exactly the frames they were seen in
    for track, (first, last, _) in enumerate((people['A'], people['B'])):
        mine = [r for r in rows if r['track'] == track]
        assert mine[0]['start_frame'] == first and mine[-1]['end_frame'] == last
        assert all(b['start_frame'] == a['end_frame'] + 1 for a, b in zip(mine, mine[1:]))
        assert all(r['start_s'] == round(r['start_frame'] / 30, 3) for r in mine)
    assert rows[-1]['track'] == 0 and rows[-1]['end_frame'] == people['A'][1]
    assert f'{len(stream)} frames, 2 tracks' in printed
    last_b = [r for r in rows if r['track'] == 1][-1]
    assert f'track 1: frames {last_b["start_frame"]}-{people["B"][1]}' in printed


def test_openpose_poses_beside_a_video_drawn_with_tracks(shared_data, tmp_path):
    """Real OpenPose poses of several people as JSON lines next to a 340x256 video (through
    a tiny PoseC3D): the video out has every frame, with skeletons drawn where there are
    poses, and the timeline its seconds from the video's frame rate."""
    config = write_tiny_posec3d_config(tmp_path, 'X3D', label_names=['a', 'b', 'c', 'd'])
    checkpoint = save_random_checkpoint(config, tmp_path / 'c.pth')
    frames = kinetics_coco_poses(shared_data)[:120]
    poses = write_jsonl(tmp_path / 'poses.jsonl', frames)
    out, timeline = tmp_path / 'out.mp4', tmp_path / 'timeline.csv'
    video = shared_data / 'videos' / 'stgcn_ta_chi.mp4'
    code = run_script(TOOL, video, '--poses', poses, '--config', config, '--checkpoint',
                      checkpoint, '--timeline', timeline, '--video-out', out, '--window', 30,
                      '--stride', 10, '--max-tracks', 2)
    assert code == 0
    lines = timeline.read_text().splitlines()
    assert lines[0] == 'track,start_frame,end_frame,label,name,score,start_s,end_s'
    rows = [line.split(',') for line in lines[1:]]
    assert len({r[0] for r in rows}) >= 2  # several people came and went
    for track in {r[0] for r in rows}:
        mine = [r for r in rows if r[0] == track]
        assert all(int(b[1]) == int(a[2]) + 1 for a, b in zip(mine, mine[1:]))
        assert all(float(r[6]) == round(int(r[1]) / 29.97003, 3) for r in mine)
    written, source = decord.VideoReader(str(out)), decord.VideoReader(str(video))
    assert len(written) == len(source) == 300
    diff = [np.abs(written[t].asnumpy().astype(int) - source[t].asnumpy()).mean()
            for t in (60, 200)]
    assert diff[0] > diff[1]  # skeletons and labels at 60; only the frame number at 200


def test_stream_url_with_recorded_poses(shared_data, tmp_path, ucla_checkpoint, capsys):
    """A real video served over HTTP as the source, recorded poses beside it: the timeline
    takes its seconds from the stream's frame rate (30 fps) and the drawn video has its 72
    frames."""
    seq = load_sequence(shared_data, PERSON_A[0])[:72]
    poses = write_jsonl(tmp_path / 'poses.jsonl', [(f[None], None) for f in seq])
    timeline, out = tmp_path / 'timeline.jsonl', tmp_path / 'out.avi'
    with served(shared_data / 'videos') as url:
        code = run_script(TOOL, f'{url}/ntu_sample.avi', '--poses', poses, '--config',
                          TINY_CONFIG, '--checkpoint', ucla_checkpoint, '--timeline', timeline,
                          '--video-out', out, *OPTIONS)
    assert code == 0, capsys.readouterr().err
    rows = read_timeline(timeline)
    assert rows[0]['start_frame'] == 0 and rows[-1]['end_frame'] == 71
    assert rows[-1]['end_s'] == pytest.approx(72 / 30, abs=1e-3)
    assert len(decord.VideoReader(str(out))) == 72


def test_ctrl_c_closes_the_timeline(shared_data, tmp_path, ucla_checkpoint):
    """SIGINT to the real process, fed 1000 frames at 50 per second: it stops after the
    current frame, closes the person's open segment at the last frame it read and exits 0."""
    stream, _ = person_stream(shared_data, PERSON_A * 4)
    poses = write_jsonl(tmp_path / 'poses.jsonl', [(f[None], None) for f in stream])
    timeline = tmp_path / 'timeline.jsonl'
    env = dict(os.environ, PYTHONPATH=str(REPO))
    process = subprocess.Popen(
        [sys.executable, str(REPO / TOOL), str(poses), '--config', str(TINY_CONFIG),
         '--checkpoint', str(ucla_checkpoint), '--timeline', str(timeline), '--realtime',
         '--fps', '50'] + [str(o) for o in OPTIONS], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not timeline.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(2)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 0, err
    stopped = [line for line in out.splitlines() if line.startswith('stopped by Ctrl-C')]
    assert len(stopped) == 1
    read = int(stopped[0].split()[-2])
    assert 24 < read < len(stream)
    rows = read_timeline(timeline)
    assert rows and rows[0]['start_frame'] == 0 and rows[-1]['end_frame'] == read - 1
    assert all(b['start_frame'] == a['end_frame'] + 1 for a, b in zip(rows, rows[1:]))


@pytest.fixture
def empty_avi(tmp_path):
    import cv2
    path = tmp_path / 'empty.avi'
    cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*'MJPG'), 30, (64, 48)).release()
    return path


def ntu_pickle(shared_data, tmp_path):
    """A real NTU RGB+D record (25 joints) as the pickle format."""
    path = sorted((shared_data / 'ntu-rgbd-raw').glob('*.skeleton'))[0]
    dump_pickle(dict(read_sample(str(path)), frame_dir='ntu'), tmp_path / 'ntu.pkl')
    return tmp_path / 'ntu.pkl'


@pytest.mark.parametrize('case, message', [
    ('missing', 'missing.mp4: no such video file'),
    ('not a video', 'v.mp4: OpenCV cannot open this video'),
    ('empty video', 'empty.avi: the stream ended before its first frame'),
    ('empty poses', r'empty.jsonl: no frames \(an empty pose file\)'),
    ('25 joints', r"p.jsonl line 1: a person with 25 joints; the model's layout has 20"),
    ('25-joint pickle', r"ntu.pkl: sample 'ntu': 25 joints, the layout has 20"),
    ('video out without video', '--video-out needs frames to draw on'),
])
def test_bad_input_is_one_error_line(shared_data, tmp_path, ucla_checkpoint, empty_avi,
                                     capsys, case, message):
    (tmp_path / 'v.mp4').write_text('not a video')
    (tmp_path / 'empty.jsonl').write_text('')
    write_jsonl(tmp_path / 'p.jsonl', [(np.zeros((1, 25, 3)), None)])
    source, extra = {
        'missing': (tmp_path / 'missing.mp4', []), 'not a video': (tmp_path / 'v.mp4', []),
        'empty video': (empty_avi, ['--poses', tmp_path / 'p.jsonl']),
        'empty poses': (tmp_path / 'empty.jsonl', []), '25 joints': (tmp_path / 'p.jsonl', []),
        '25-joint pickle': (ntu_pickle(shared_data, tmp_path) if case == '25-joint pickle'
                            else None, []),
        'video out without video': (tmp_path / 'p.jsonl', ['--video-out', tmp_path / 'o.mp4']),
    }[case]
    timeline = tmp_path / 't.jsonl'
    code = run_script(TOOL, source, '--config', TINY_CONFIG, '--checkpoint', ucla_checkpoint,
                      '--timeline', timeline, *extra)
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(err) == 1 and err[0].startswith('error: '), err
    assert re.search(message, err[0]), err[0]
    assert not (tmp_path / 'o.mp4').exists()


def test_a_missing_webcam_is_one_line_from_the_process(tmp_path, ucla_checkpoint):
    """All the process writes to its stderr (OpenCV's own warnings included): one line."""
    poses = write_jsonl(tmp_path / 'p.jsonl', [(np.zeros((0, 20, 3)), None)])
    done = subprocess.run(
        [sys.executable, str(REPO / TOOL), '99', '--poses', str(poses), '--config',
         str(TINY_CONFIG), '--checkpoint', str(ucla_checkpoint), '--timeline',
         str(tmp_path / 't.jsonl')], env=dict(os.environ, PYTHONPATH=str(REPO)),
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == ['error: 99: OpenCV cannot open this webcam']


@pytest.mark.skipif(importlib.util.find_spec('mediapipe') is None,
                    reason='mediapipe is an optional extra: pip install "stgcn_kit[mediapipe]"')
def test_mediapipe_video_timeline(shared_data, tmp_path, capsys):
    """A real video end to end: MediaPipe's person is tracked in nearly every frame, the
    timeline covers them, the video out has every frame."""
    config = write_tiny_config(tmp_path, 'coco', clip_len=24, label_names=['a', 'b', 'c', 'd'])
    checkpoint = save_random_checkpoint(config, tmp_path / 'coco.pth')
    video = shared_data / 'videos' / 'stgcn_ta_chi.mp4'
    timeline, out = tmp_path / 'timeline.jsonl', tmp_path / 'out.mp4'
    code = run_script(TOOL, video, '--config', config, '--checkpoint', checkpoint,
                      '--timeline', timeline, '--video-out', out, '--window', 24,
                      '--stride', 8)
    printed = capsys.readouterr().out
    assert code == 0, printed
    rows = read_timeline(timeline)
    assert rows and rows[-1]['end_frame'] - rows[0]['start_frame'] > 250
    assert rows[-1]['end_s'] == pytest.approx((rows[-1]['end_frame'] + 1) / 29.97, abs=1e-3)
    assert len(decord.VideoReader(str(out))) == 300

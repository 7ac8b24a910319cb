"""Stream sources: a real video through OpenCV (the frames decord reads), recorded poses one
frame at a time (pickle records, JSON lines), and bad sources named with what is wrong."""
import json

import cv2
import decord
import numpy as np
import pytest
from stream_helpers import PERSON_A, load_sequence, served

from stgcn_kit.apis.sources import (
    FramePoses,
    beside_video,
    capture_fps,
    capture_frames,
    is_pose_file,
    jsonl_poses,
    open_capture,
    track_poses,
)
from stgcn_kit.pose import PoseTrack


def test_a_video_file_gives_the_frames_decord_reads(shared_data):
    path = str(shared_data / 'videos' / 'stgcn_ta_chi.mp4')
    capture = open_capture(path)
    assert capture_fps(capture) == pytest.approx(29.97, abs=0.01)
    frames = list(capture_frames(capture, path))
    video = decord.VideoReader(path)
    assert len(frames) == len(video) == 300
    for t in (0, 150, 299):
        assert np.array_equal(frames[t], video[t].asnumpy())


def test_a_stream_url_gives_the_frames_of_the_file(shared_data):
    """A real video served over HTTP on the loopback, read as a network stream."""
    folder = shared_data / 'videos'
    with served(folder) as url:
        source = f'{url}/ntu_sample.avi'
        capture = open_capture(source)
        assert capture_fps(capture) == pytest.approx(30)
        streamed = list(capture_frames(capture, source))
    local = str(folder / 'ntu_sample.avi')
    from_file = list(capture_frames(open_capture(local), local))
    assert len(streamed) == len(from_file) == 72
    assert all(np.array_equal(a, b) for a, b in zip(streamed[::10], from_file[::10]))


def test_sources_that_cannot_be_opened(tmp_path):
    with pytest.raises(ValueError, match='missing.mp4: no such video file'):
        open_capture(str(tmp_path / 'missing.mp4'))
    (tmp_path / 'v.mp4').write_text('not a video')
    with pytest.raises(ValueError, match='v.mp4: OpenCV cannot open this video'):
        open_capture(str(tmp_path / 'v.mp4'))
    with pytest.raises(ValueError, match='99: OpenCV cannot open this webcam'):
        open_capture('99')
    with served(tmp_path) as url:  # the server answers 404
        with pytest.raises(ValueError, match='missing.avi: OpenCV cannot open this stream'):
            open_capture(f'{url}/missing.avi')


def test_a_video_without_frames_is_an_empty_stream(tmp_path):
    path = str(tmp_path / 'empty.avi')
    writer = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*'MJPG'), 30, (64, 48))
    writer.release()
    with pytest.raises(ValueError, match='empty.avi: the stream ended before its first frame'):
        list(capture_frames(open_capture(path), path))


def write_jsonl(path, frames):
    path.write_text(''.join(json.dumps(f) + '\n' for f in frames))
    return str(path)


def test_json_lines_give_each_frames_people(shared_data, tmp_path):
    seq = load_sequence(shared_data, PERSON_A[0])
    frames = [{'people': [{'keypoints': seq[t].tolist()}, {'keypoints': (seq[t] + 4).tolist()}]}
              for t in range(5)] + [{'people': []}]
    got = list(jsonl_poses(write_jsonl(tmp_path / 'p.jsonl', frames), 20))
    assert len(got) == 6 and got[5].keypoint.shape == (0, 20, 3)
    for t in range(5):
        assert np.array_equal(got[t].keypoint, np.stack([seq[t], seq[t] + 4]))
        assert got[t].score is None and got[t].image_points is None  # 3D: nothing to draw
    two_d = [{'people': [{'keypoints': [[1, 2]] * 17, 'scores': [0.5] * 17}]}]
    frame = next(jsonl_poses(write_jsonl(tmp_path / 'c.jsonl', two_d), 17))
    assert np.array_equal(frame.image_points, frame.keypoint) and frame.score.shape == (1, 17)


@pytest.mark.parametrize('frames, message', [
    ([{'people': [{'keypoints': [[0, 0, 0]] * 25}]}],
     r'p.jsonl line 1: a person with 25 joints; the model\'s layout has 20'),
    ([{'people': []}, {'persons': []}], r'p.jsonl line 2: each line needs a "people" list'),
    ([{'people': [{'keypoints': [[0, 0, 0]] * 20, 'scores': [1] * 19}]}],
     'line 1: "scores" must hold one number per joint'),
    ([], r'p.jsonl: no frames \(an empty pose file\)'),
])
def test_bad_json_lines_are_named(tmp_path, frames, message):
    with pytest.raises(ValueError, match=message):
        list(jsonl_poses(write_jsonl(tmp_path / 'p.jsonl', frames), 20))


def test_recorded_poses_leave_out_absent_people_and_follow_the_video(shared_data):
    seq = load_sequence(shared_data, PERSON_A[0])[:4]
    keypoint = np.zeros((2, 4, 20, 3), np.float32)
    keypoint[0], keypoint[1, 2:] = seq, seq[2:] + 4  # the second person comes in frame 2
    frames = list(track_poses(PoseTrack(dict(keypoint=keypoint, total_frames=4))))
    assert [len(f.keypoint) for f in frames] == [1, 1, 2, 2]
    assert np.array_equal(frames[3].keypoint, keypoint[:, 3])
    images = [np.full((2, 2, 3), t, np.uint8) for t in range(6)]
    joined = list(beside_video(frames, images, 20))
    assert [len(f.keypoint) for f in joined] == [1, 1, 2, 2, 0, 0]
    assert all(f.image is images[t] for t, f in enumerate(joined))
    assert isinstance(joined[0], FramePoses)


def test_pose_files_are_told_from_videos(tmp_path):
    assert is_pose_file('poses.pkl') and is_pose_file('p.JSONL') and is_pose_file(str(tmp_path))
    assert not is_pose_file('video.mp4') and not is_pose_file('0')
    assert not is_pose_file('rtsp://camera/stream')

"""The demo on real videos, fully offline: precomputed poses (OpenPose JSON written from real
Kinetics-skeleton poses, a pickle of a real NW-UCLA record) always, MediaPipe where installed.
The checkpoint is a tiny ST-GCN, or a tiny PoseC3D, with random weights built here."""
import importlib.util
import json
import os
import stat

import decord
import numpy as np
import pytest
import torch
from inference_helpers import (
    run_script,
    save_random_checkpoint,
    write_tiny_config,
    write_tiny_posec3d_config,
)

from stgcn_kit.apis import inference_recognizer, init_recognizer
from stgcn_kit.models.recognizers import Recognizer3D
from stgcn_kit.pose import read_openpose_json
from stgcn_kit.utils import dump_pickle

DEMO = 'demo/demo_skeleton.py'
NAMES = ['tai chi', 'juggling', 'dancing', 'yoga']


@pytest.fixture
def coco_model(tmp_path):
    config = write_tiny_config(tmp_path, 'coco', clip_len=24, num_clips=2, label_names=NAMES)
    return config, save_random_checkpoint(config, tmp_path / 'coco.pth')


@pytest.fixture
def openpose_folder(shared_data, tmp_path):
    """Real OpenPose output (a Kinetics-skeleton clip) as per-frame --write_json files for the
    340x256 video; only the first 120 frames, so the rest of the video has none."""
    data = json.loads((shared_data / 'kinetics-skeleton' / 'kinetics_train' /
                       'cU1fyH2QssA.json').read_text())['data'][:120]
    folder = tmp_path / 'openpose'
    folder.mkdir()
    for frame in data:
        people = [{'pose_keypoints_2d': np.c_[np.reshape(p['pose'], (-1, 2)) * [340, 256],
                                              p['score']].ravel().tolist()}
                  for p in frame['skeleton']]
        (folder / f'v_{frame["frame_index"]:012d}_keypoints.json').write_text(
            json.dumps({'people': people}))
    return folder


def test_openpose_json_video_with_windows(shared_data, tmp_path, coco_model, openpose_folder,
                                          capsys):
    config, checkpoint = coco_model
    video = shared_data / 'videos' / 'stgcn_ta_chi.mp4'
    out = tmp_path / 'out.mp4'
    code = run_script(DEMO, video, out, '--config', config, '--checkpoint', checkpoint,
                      '--pose-backend', 'openpose-json', '--pose-file', openpose_folder,
                      '--window', 60, '--stride', 30, '--show-response')
    printed = capsys.readouterr().out
    assert code == 0
    # the clip's best label is what the API says for the same poses
    model = init_recognizer(config, checkpoint, 'cpu')
    track = read_openpose_json(str(openpose_folder), 'coco', 2, (256, 340))
    _, name, score = inference_recognizer(model, track.record).topk[0]
    assert f'clip: {name} {score:.2f}' in printed
    windows = [line.split(':')[0] for line in printed.splitlines() if line.startswith('frames ')]
    assert windows == ['frames 0-59', 'frames 30-89', 'frames 60-119']
    written = decord.VideoReader(str(out))
    source = decord.VideoReader(str(video))
    assert len(written) == len(source) and written[0].shape == source[0].shape
    # skeletons were drawn where there are poses, not on the frames without
    diff = [np.abs(written[t].asnumpy().astype(int) - source[t].asnumpy()).mean()
            for t in (60, 200)]
    assert diff[0] > diff[1]


# OpenPose's COCO-18 order -> COCO-17, by hand: nose, eyes, ears, shoulders, elbows, wrists,
# hips, knees, ankles, each left then right (OpenPose: 0 nose, 1 neck, 2-4 right arm, 5-7 left
# arm, 8-10 right leg, 11-13 left leg, 14/15 right/left eye, 16/17 right/left ear)
OPENPOSE18_TO_COCO = [0, 15, 14, 17, 16, 5, 2, 6, 3, 7, 4, 11, 8, 12, 9, 13, 10]


@pytest.fixture
def posec3d_model(tmp_path):
    config = write_tiny_posec3d_config(tmp_path, 'X3D', label_names=NAMES)
    return config, save_random_checkpoint(config, tmp_path / 'posec3d.pth')


def test_posec3d_config_on_openpose_json_video(shared_data, tmp_path, posec3d_model,
                                               openpose_folder, monkeypatch, capsys):
    """A PoseC3D config: OpenPose's 18 joints become COCO-17 pixels on the video's image
    shape, the heatmap volume has a channel per COCO keypoint on every view (2 clips, each
    mirrored), and the labels are those of the same poses mapped by hand."""
    config, checkpoint = posec3d_model
    seen = []
    extract = Recognizer3D.extract_scores
    monkeypatch.setattr(Recognizer3D, 'extract_scores',
                        lambda self, inputs, num_clips=1: seen.append(inputs.clone()) or
                        extract(self, inputs, num_clips))
    out = tmp_path / 'out.mp4'
    code = run_script(DEMO, shared_data / 'videos' / 'stgcn_ta_chi.mp4', out, '--config',
                      config, '--checkpoint', checkpoint, '--pose-backend', 'openpose-json',
                      '--pose-file', openpose_folder, '--window', 60, '--stride', 60)
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert len(seen) == 3  # the clip, then windows 0-59 and 60-119
    assert seen[0].shape == (1, 4, 17, 8, 32, 32)
    assert (seen[0].amax((3, 4, 5)) > 0.1).all()  # every keypoint is drawn on every view

    # the same poses mapped by hand: per frame the two most confident people, COCO order
    files = sorted(openpose_folder.glob('*.json'))
    keypoint = np.zeros((2, len(files), 17, 2), np.float32)
    score = np.zeros((2, len(files), 17), np.float32)
    for t, path in enumerate(files):
        people = [np.reshape(p['pose_keypoints_2d'], (18, 3))
                  for p in json.loads(path.read_text())['people']]
        people.sort(key=lambda p: -p[:, 2].mean())
        for m, person in enumerate(people[:2]):
            keypoint[m, t] = person[OPENPOSE18_TO_COCO, :2]
            score[m, t] = person[OPENPOSE18_TO_COCO, 2]
    model = init_recognizer(config, checkpoint, 'cpu')
    record = dict(keypoint=keypoint, keypoint_score=score)
    _, name, best = inference_recognizer(model, record, img_shape=(256, 340)).topk[0]
    assert torch.equal(seen[3], seen[0])  # the same heatmap volume
    assert f'clip: {name} {best:.2f}' in printed
    assert not torch.equal(seen[1], seen[2])  # each window drew its own frames
    assert len(decord.VideoReader(str(out))) == 300


def test_posec3d_config_refuses_joint_responses(shared_data, tmp_path, posec3d_model,
                                                openpose_folder, capsys):
    config, checkpoint = posec3d_model
    code = run_script(DEMO, shared_data / 'videos' / 'stgcn_ta_chi.mp4', tmp_path / 'o.mp4',
                      '--config', config, '--checkpoint', checkpoint, '--pose-backend',
                      'openpose-json', '--pose-file', openpose_folder, '--show-response')
    assert code != 0 and '--show-response needs a GCN config' in capsys.readouterr().err
    assert not (tmp_path / 'o.mp4').exists()


def test_pickle_of_3d_poses_draws_labels_only(shared_data, tmp_path, capsys):
    config = write_tiny_config(tmp_path, 'nw-ucla', label_names=NAMES)
    checkpoint = save_random_checkpoint(config, tmp_path / 'ucla.pth')
    path = shared_data / 'nw-ucla' / 'all_sqe' / 'a01_s01_e00_v01.json'
    keypoint = np.array(json.loads(path.read_text())['skeletons'], np.float32)[None]
    dump_pickle(dict(frame_dir='a01', label=0, keypoint=keypoint,
                     total_frames=keypoint.shape[1]), tmp_path / 'poses.pkl')
    out = tmp_path / 'out.avi'
    umask = os.umask(0o022)
    try:
        code = run_script(DEMO, shared_data / 'videos' / 'stgcn_clean_and_jerk.mp4', out,
                          '--config', config, '--checkpoint', checkpoint, '--pose-backend',
                          'pickle', '--pose-file', tmp_path / 'poses.pkl')
    finally:
        os.umask(umask)
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert 'no image coordinates' in printed and 'clip: ' in printed
    assert len(decord.VideoReader(str(out))) == 300
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o644  # as any file the user writes


def test_without_checkpoint_it_refuses(shared_data, tmp_path, coco_model, capsys):
    config, _ = coco_model
    code = run_script(DEMO, shared_data / 'videos' / 'stgcn_ta_chi.mp4', tmp_path / 'o.mp4',
                      '--config', config, '--pose-backend', 'pickle', '--pose-file', 'x.pkl')
    assert code != 0
    assert 'no --checkpoint given' in capsys.readouterr().err
    assert not (tmp_path / 'o.mp4').exists()


def test_bad_video_is_named(tmp_path, coco_model, capsys):
    config, checkpoint = coco_model
    (tmp_path / 'v.mp4').write_text('not a video')
    code = run_script(DEMO, tmp_path / 'v.mp4', tmp_path / 'o.mp4', '--config', config,
                      '--checkpoint', checkpoint)
    assert code != 0 and 'v.mp4: cannot read the video' in capsys.readouterr().err


@pytest.mark.skipif(importlib.util.find_spec('mediapipe') is None,
                    reason='mediapipe is an optional extra: pip install "stgcn_kit[mediapipe]"')
def test_mediapipe_video(shared_data, tmp_path, coco_model, capsys):
    config, checkpoint = coco_model
    out = tmp_path / 'out.mp4'
    code = run_script(DEMO, shared_data / 'videos' / 'stgcn_ta_chi.mp4', out, '--config',
                      config, '--checkpoint', checkpoint, '--show-response')
    assert code == 0, capsys.readouterr().err
    assert 'clip: ' in capsys.readouterr().out
    assert len(decord.VideoReader(str(out))) == 300


@pytest.mark.skipif(importlib.util.find_spec('mediapipe') is None,
                    reason='mediapipe is an optional extra: pip install "stgcn_kit[mediapipe]"')
def test_mediapipe_video_with_posec3d_on_a_kinect_layout(shared_data, tmp_path, monkeypatch,
                                                         capsys):
    """PoseC3D's NW-UCLA config (3D skeletons projected by PinholeProject) from a video: the
    backend gives the 20 Kinect joints' image positions instead, which skip the projection,
    so the joints of the person on the video are drawn in nearly every frame (MediaPipe's
    world landmarks, centred on the hips, would put about half of them behind the camera)."""
    seen = []
    extract = Recognizer3D.extract_scores
    monkeypatch.setattr(Recognizer3D, 'extract_scores',
                        lambda self, inputs, num_clips=1: seen.append(inputs.clone()) or
                        extract(self, inputs, num_clips))
    from stgcn_kit.utils.config import read_config
    cfg = read_config('configs/posec3d/x3d_shallow_nwucla_cpu/joint.py')
    cfg.label_map = None
    config = tmp_path / 'ucla_posec3d.py'
    cfg.dump(str(config))
    checkpoint = save_random_checkpoint(config, tmp_path / 'ucla.pth')
    code = run_script(DEMO, shared_data / 'videos' / 'stgcn_ta_chi.mp4', tmp_path / 'out.mp4',
                      '--config', config, '--checkpoint', checkpoint)
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert 'clip: ' in printed.out
    assert seen[0].shape == (1, 2, 20, 16, 36, 36)
    # the share of (view, joint, frame) heatmaps with a joint drawn on them
    assert (seen[0].amax((4, 5)) > 0.1).float().mean() > 0.9

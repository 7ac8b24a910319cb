"""vis_skeleton on real samples: NW-UCLA 3D and Kinetics 2D records in annotation pickles."""
import json

import numpy as np
from inference_helpers import run_script
from PIL import Image

from stgcn_kit.utils import dump_pickle

TOOL = 'tools/analysis/vis_skeleton.py'


def test_3d_sample_as_gif(shared_data, tmp_path, capsys):
    records = []
    for name in ('a01_s01_e00_v01', 'a02_s01_e00_v01'):
        path = shared_data / 'nw-ucla' / 'all_sqe' / f'{name}.json'
        keypoint = np.array(json.loads(path.read_text())['skeletons'], np.float16)[None]
        records.append(dict(frame_dir=name, label=0, keypoint=keypoint,
                            total_frames=keypoint.shape[1]))
    dump_pickle({'split': {}, 'annotations': records}, tmp_path / 'ann.pkl')
    out = tmp_path / 'x.gif'
    assert run_script(TOOL, tmp_path / 'ann.pkl', '--sample', 'a02_s01_e00_v01', '--layout',
                      'nw-ucla', '--out', out, '--step', 8) == 0
    with Image.open(out) as gif:
        assert gif.n_frames == len(range(0, records[1]['total_frames'], 8))
    assert 'a02_s01_e00_v01' in capsys.readouterr().out


def test_2d_sample_as_video(shared_data, tmp_path):
    data = json.loads((shared_data / 'kinetics-skeleton' / 'kinetics_train' /
                       'cU1fyH2QssA.json').read_text())['data'][:6]
    keypoint = np.zeros((2, 6, 18, 2), np.float32)
    score = np.zeros((2, 6, 18), np.float32)
    for t, frame in enumerate(data):
        for m, person in enumerate(frame['skeleton'][:2]):
            keypoint[m, t] = np.reshape(person['pose'], (-1, 2)) * [340, 256]
            score[m, t] = person['score']
    dump_pickle(dict(frame_dir='k', label=0, keypoint=keypoint, keypoint_score=score,
                     total_frames=6), tmp_path / 'one.pkl')
    assert run_script(TOOL, tmp_path / 'one.pkl', '--layout', 'openpose', '--out',
                      tmp_path / 'x.mp4') == 0
    assert (tmp_path / 'x.mp4').stat().st_size > 0


def test_wrong_layout_is_named(shared_data, tmp_path, capsys):
    path = shared_data / 'nw-ucla' / 'all_sqe' / 'a01_s01_e00_v01.json'
    keypoint = np.array(json.loads(path.read_text())['skeletons'], np.float32)[None]
    dump_pickle(dict(frame_dir='a', label=0, keypoint=keypoint, total_frames=keypoint.shape[1]),
                tmp_path / 'one.pkl')
    assert run_script(TOOL, tmp_path / 'one.pkl', '--layout', 'coco', '--out',
                      tmp_path / 'x.gif') == 1
    assert '20 joints, the layout has 17' in capsys.readouterr().err

"""The NW-UCLA command line on small folders: success, and a bad file failing cleanly."""
import json
import pickle

import numpy as np


def _write(folder, name, num_frames, num_joints=20, label=1):
    skeletons = np.random.default_rng(0).normal(size=(num_frames, num_joints, 3)).tolist()
    (folder / f'{name}.json').write_text(
        json.dumps(dict(file_name=name, skeletons=skeletons, label=label)))


def test_converts_a_small_folder(tmp_path, gendata):
    folder = tmp_path / 'all_sqe'
    folder.mkdir()
    _write(folder, 'a01_s01_e00_v01', 5)
    _write(folder, 'a12_s02_e01_v03', 7, label=10)
    out = tmp_path / 'out.pkl'
    result = gendata('nwucla', '--data-path', tmp_path, '--out', out)
    assert result.returncode == 0, result.stderr
    anno = pickle.loads(out.read_bytes())
    assert anno['split'] == {'train': ['a01_s01_e00_v01'], 'val': ['a12_s02_e01_v03'],
                             'xsub_train': ['a01_s01_e00_v01'], 'xsub_val': ['a12_s02_e01_v03']}
    assert [(r['label'], r['total_frames']) for r in anno['annotations']] == [(0, 5), (9, 7)]


def test_bad_file_exits_with_one_line_and_keeps_old_output(tmp_path, gendata):
    folder = tmp_path / 'all_sqe'
    folder.mkdir()
    _write(folder, 'a01_s01_e00_v01', 5)
    (folder / 'a02_s01_e00_v02.json').write_text('{"skeletons": [[[1, 2')
    out = tmp_path / 'out.pkl'
    out.write_bytes(b'previous result')
    result = gendata('nwucla', '--data-path', tmp_path, '--out', out)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and 'a02_s01_e00_v02.json' in lines[0] and 'JSON' in lines[0]
    assert out.read_bytes() == b'previous result'
    assert sorted(p.name for p in tmp_path.iterdir()) == ['all_sqe', 'out.pkl']


def test_help(gendata):
    result = gendata('nwucla', '--help')
    assert result.returncode == 0 and '--data-path' in result.stdout

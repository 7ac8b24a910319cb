"""tools/dist_train.sh and tools/dist_test.sh with two processes, on CPU (gloo) where there is
no GPU, on a real NW-UCLA subset: the tiny ST-GCN config on its 3D skeletons, the tiny PoseC3D
config on them projected to 2D pixels."""
import os
import pickle
import re
import socket
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TINY_CONFIG = REPO / 'tests' / 'configs' / 'tiny_stgcn_nwucla.py'
TINY_POSEC3D = REPO / 'tests' / 'configs' / 'tiny_posec3d_nwucla.py'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def run_script(script: str, *args) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHON=sys.executable, PORT=str(free_port()))
    return subprocess.run(['bash', str(REPO / 'tools' / script), *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=600)


def test_two_process_training_then_testing(tiny_nwucla, tiny_options, tmp_path):
    options = ['--cfg-options', *tiny_options]
    train = run_script('dist_train.sh', TINY_CONFIG, 2, '--work-dir', tmp_path / 'work',
                       '--validate', *options)
    assert train.returncode == 0, train.stderr[-3000:]
    log = next((tmp_path / 'work').glob('*/*.log')).read_text()
    assert 'Distributed training: True' in log
    # 30 samples, batch 4 per process, 2 processes: 4 iterations of the sharded epoch
    assert 'Epoch(train) [1][4/4]' in log and 'Epoch(val) [1][' in log

    out = tmp_path / 'result.pkl'
    test = run_script('dist_test.sh', TINY_CONFIG, tmp_path / 'work' / 'epoch_1.pth', 2,
                      '--out', out, *options)
    assert test.returncode == 0, test.stderr[-3000:]
    with open(out, 'rb') as f:
        records = pickle.load(f)
    with open(tiny_nwucla, 'rb') as f:
        val = pickle.load(f)['split']['val']
    # every val sample once, none twice, although the sampler split them over 2 processes
    assert sorted(r['frame_dir'] for r in records) == sorted(val)


def test_two_process_posec3d_training_then_testing(tiny_nwucla_2d, tiny_2d_options, tmp_path):
    """PoseC3D (heatmaps of 2D pixels, Recognizer3D, flip test) through both scripts: both
    ranks train and validate, and the sharded test gathers one record per sample."""
    options = ['--cfg-options', *tiny_2d_options]
    work = tmp_path / 'work'
    train = run_script('dist_train.sh', TINY_POSEC3D, 2, '--work-dir', work, '--validate',
                       *options)
    assert train.returncode == 0, train.stderr[-3000:]
    log = next(work.glob('*/*.log')).read_text()
    assert 'Distributed training: True' in log
    # 30 samples, batch 4 per process, 2 processes: 4 iterations of the sharded epoch
    assert 'Epoch(train) [1][4/4]' in log and 'Epoch(val) [1][' in log
    checkpoint = work / 'epoch_1.pth'
    assert checkpoint.is_file()

    out = tmp_path / 'result.pkl'
    test = run_script('dist_test.sh', TINY_POSEC3D, checkpoint, 2, '--work-dir', tmp_path / 'test',
                      '--eval', 'top_k_accuracy', '--out', out, *options)
    assert test.returncode == 0, test.stderr[-3000:]
    test_log = next((tmp_path / 'test').glob('*/*.log')).read_text()
    assert re.search(r'Epoch\(test\).*acc/top1: \d\.\d+', test_log), test_log[-2000:]
    with open(out, 'rb') as f:
        records = pickle.load(f)
    with open(tiny_nwucla_2d, 'rb') as f:
        anno = pickle.load(f)
    val = anno['split']['val']
    assert sorted(r['frame_dir'] for r in records) == sorted(val)
    labels = {a['frame_dir']: a['label'] for a in anno['annotations']}
    for r in records:
        # one probability vector per sample: the clip and its mirror averaged as probabilities
        assert r['pred_score'].shape == (10,)
        assert abs(float(r['pred_score'].sum()) - 1) < 1e-4
        assert int(r['gt_label']) == labels[r['frame_dir']]


def test_usage_line_without_arguments():
    result = subprocess.run(['bash', str(REPO / 'tools' / 'dist_train.sh')], capture_output=True,
                            text=True)
    assert result.returncode == 2 and 'usage:' in result.stderr

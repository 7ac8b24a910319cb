"""tools/dist_train.sh and tools/dist_test.sh with two processes, on CPU (gloo) where there is
no GPU, on a real NW-UCLA subset and the tiny test config."""
import os
import pickle
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TINY_CONFIG = REPO / 'tests' / 'configs' / 'tiny_stgcn_nwucla.py'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def run_script(script: str, *args) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHON=sys.executable, PORT=str(free_port()))
    return subprocess.run(['bash', str(REPO / 'tools' / script), *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope='module')
def subset(shared_data, tmp_path_factory) -> Path:
    """Two view-1/2 and one view-3 sequence per class (train 20, val 10)."""
    folder = tmp_path_factory.mktemp('nwucla')
    (folder / 'all_sqe').mkdir()
    files = sorted((shared_data / 'nw-ucla' / 'all_sqe').glob('*.json'))
    for action in sorted({f.name[:3] for f in files}):
        mine = [f for f in files if f.name.startswith(action)]
        for f in [f for f in mine if not f.stem.endswith('v03')][:2] + \
                 [f for f in mine if f.stem.endswith('v03')][:1]:
            (folder / 'all_sqe' / f.name).symlink_to(f)
    subprocess.run([sys.executable, str(REPO / 'tools' / 'data' / 'nwucla_gendata.py'),
                    '--data-path', str(folder), '--out', str(folder / 'tiny.pkl')], check=True,
                   capture_output=True)
    return folder / 'tiny.pkl'


def test_two_process_training_then_testing(subset, tmp_path):
    options = ['--cfg-options'] + [f'{loader}.dataset.ann_file={subset}' for loader in
                                   ('train_dataloader', 'val_dataloader', 'test_dataloader')]
    train = run_script('dist_train.sh', TINY_CONFIG, 2, '--work-dir', tmp_path / 'work',
                       '--validate', *options)
    assert train.returncode == 0, train.stderr[-3000:]
    log = next((tmp_path / 'work').glob('*/*.log')).read_text()
    assert 'Distributed training: True' in log
    # 20 samples, batch 4 per process, 2 processes: 3 iterations of the sharded epoch
    assert 'Epoch(train) [1][3/3]' in log and 'Epoch(val) [1][' in log

    out = tmp_path / 'result.pkl'
    test = run_script('dist_test.sh', TINY_CONFIG, tmp_path / 'work' / 'epoch_1.pth', 2,
                      '--out', out, *options)
    assert test.returncode == 0, test.stderr[-3000:]
    with open(out, 'rb') as f:
        records = pickle.load(f)
    with open(subset, 'rb') as f:
        val = pickle.load(f)['split']['val']
    # every val sample once, none twice, although the sampler split them over 2 processes
    assert sorted(r['frame_dir'] for r in records) == sorted(val)


def test_usage_line_without_arguments():
    result = subprocess.run(['bash', str(REPO / 'tools' / 'dist_train.sh')], capture_output=True,
                            text=True)
    assert result.returncode == 2 and 'usage:' in result.stderr

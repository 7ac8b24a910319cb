"""The NTU command line on real files: success, and a bad file failing cleanly."""
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[3] / 'tools' / 'data' / 'ntu_gendata.py'


def _run(*args):
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True,
                          text=True)


def test_converts_real_files_and_fails_cleanly(tmp_path, shared_data):
    for name in ('S001C001P001R001A001', 'S001C003P008R002A058'):
        shutil.copy(shared_data / 'ntu-rgbd-raw' / f'{name}.skeleton', tmp_path)
    out = tmp_path / 'ntu.pkl'
    result = _run('--data-path', tmp_path, '--out', out, '--dataset', 'ntu120')
    assert result.returncode == 0, result.stderr
    anno = pickle.loads(out.read_bytes())
    assert set(anno['split']) == {'xsub_train', 'xsub_val', 'xset_train', 'xset_val'}
    assert [r['keypoint'].shape[0] for r in anno['annotations']] == [1, 2]

    (tmp_path / 'S001C001P001R001A002.skeleton').write_text('2\n1\nnot a body line\n')
    before = out.read_bytes()
    result = _run('--data-path', tmp_path, '--out', out)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and 'S001C001P001R001A002.skeleton: truncated' in lines[0]
    assert out.read_bytes() == before
    assert not list(tmp_path.glob('.*tmp'))


def test_help():
    result = _run('--help')
    assert result.returncode == 0 and '--ignored-samples' in result.stdout

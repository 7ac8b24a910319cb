"""The legacy-array command line: success, and a label/array mismatch failing cleanly."""
import pickle

import numpy as np


def test_converts_and_fails_cleanly(tmp_path, gendata):
    np.save(tmp_path / 'x.npy', np.ones((2, 3, 5, 25, 2), dtype=np.float32))
    labels = tmp_path / 'y.pkl'
    labels.write_bytes(pickle.dumps((['a.skeleton', 'b.skeleton'], [4, 9])))
    out = tmp_path / 'out.pkl'
    args = ('--data-path', tmp_path / 'x.npy', '--labels', labels, '--out', out)
    result = gendata('legacy', *args, '--split-name', 'xsub_val', '--layout', 'nturgb+d')
    assert result.returncode == 0, result.stderr
    anno = pickle.loads(out.read_bytes())
    assert anno['split'] == {'xsub_val': ['a', 'b']}
    assert [r['label'] for r in anno['annotations']] == [4, 9]

    labels.write_bytes(pickle.dumps((['a'], [4])))
    out.unlink()
    result = gendata('legacy', *args, '--split-name', 'xsub_val')
    lines = result.stderr.strip().splitlines()
    assert result.returncode != 0 and not out.exists()
    assert len(lines) == 1 and 'y.pkl: 1 names and 1 labels for an array of 2' in lines[0]


def test_help(gendata):
    result = gendata('legacy', '--help')
    assert result.returncode == 0 and '--split-name' in result.stdout

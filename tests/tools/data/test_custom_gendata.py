"""The custom-folder command line: success, and a wrong joint count failing cleanly."""
import pickle

import numpy as np


def test_converts_and_fails_cleanly(tmp_path, gendata):
    np.save(tmp_path / 'a.npy', np.ones((4, 17, 2)))
    (tmp_path / 'labels.csv').write_text('a,2,val\n')
    out = tmp_path / 'out.pkl'
    args = ('--data-path', tmp_path, '--labels', tmp_path / 'labels.csv', '--out', out)
    result = gendata('custom', *args, '--layout', 'coco', '--img-shape', '480', '640')
    assert result.returncode == 0, result.stderr
    assert "note: --layout coco takes your joint v to be coco's joint v" in result.stdout
    record = pickle.loads(out.read_bytes())['annotations'][0]
    assert record['keypoint'].shape == (1, 4, 17, 2) and record['img_shape'] == (480, 640)

    result = gendata('custom', *args, '--layout', 'nturgb+d')
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and 'a.npy' in lines[0] and '17 joints, the layout has 25' in lines[0]
    assert pickle.loads(out.read_bytes())['annotations'][0]['label'] == 2


def test_help(gendata):
    result = gendata('custom', '--help')
    assert result.returncode == 0 and '--edges' in result.stdout

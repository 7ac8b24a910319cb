"""The NTU command line on real files: success, and a bad file failing cleanly."""
import pickle
import shutil


def test_converts_real_files_and_fails_cleanly(tmp_path, shared_data, gendata):
    for name in ('S001C001P001R001A001', 'S001C003P008R002A058'):
        shutil.copy(shared_data / 'ntu-rgbd-raw' / f'{name}.skeleton', tmp_path)
    out = tmp_path / 'ntu.pkl'
    result = gendata('ntu', '--data-path', tmp_path, '--out', out, '--dataset', 'ntu120')
    assert result.returncode == 0, result.stderr
    anno = pickle.loads(out.read_bytes())
    assert set(anno['split']) == {'xsub_train', 'xsub_val', 'xset_train', 'xset_val'}
    assert [r['keypoint'].shape[0] for r in anno['annotations']] == [1, 2]

    (tmp_path / 'S001C001P001R001A002.skeleton').write_text('2\n1\nnot a body line\n')
    before = out.read_bytes()
    result = gendata('ntu', '--data-path', tmp_path, '--out', out)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and 'S001C001P001R001A002.skeleton: truncated' in lines[0]
    assert out.read_bytes() == before
    assert not list(tmp_path.glob('.*tmp'))


def test_help(gendata):
    result = gendata('ntu', '--help')
    assert result.returncode == 0 and '--ignored-samples' in result.stdout

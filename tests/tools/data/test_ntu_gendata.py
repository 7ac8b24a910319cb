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


def test_the_original_converters_spellings(tmp_path, shared_data, gendata):
    # yysijie/st-gcn's tools/ntu_gendata.py: --data_path, --ignored_sample_path, --out_folder
    data = tmp_path / 'skeletons'
    data.mkdir()
    for name in ('S001C001P001R001A001', 'S001C003P008R002A058'):
        shutil.copy(shared_data / 'ntu-rgbd-raw' / f'{name}.skeleton', data)
    ignored = tmp_path / 'missing.txt'
    ignored.write_text('S001C003P008R002A058\n')
    folder = tmp_path / 'out'
    result = gendata('ntu', '--data_path', data, '--ignored_sample_path', ignored,
                     '--out_folder', folder)
    assert result.returncode == 0, result.stderr
    # the name the NTU60 configs read (data/nturgb+d/ntu60_3danno.pkl)
    anno = pickle.loads((folder / 'ntu60_3danno.pkl').read_bytes())
    assert [r['frame_dir'] for r in anno['annotations']] == ['S001C001P001R001A001']
    assert set(anno['split']) == {'xsub_train', 'xsub_val', 'xview_train', 'xview_val'}


def test_out_and_out_folder_exclude_each_other(tmp_path, gendata):
    result = gendata('ntu', '--data_path', tmp_path, '--out', tmp_path / 'a.pkl',
                     '--out_folder', tmp_path)
    assert result.returncode == 2 and 'not allowed with argument' in result.stderr
    result = gendata('ntu', '--data_path', tmp_path)
    assert result.returncode == 2 and '--out' in result.stderr


def test_mmaction2_converters_spellings(tmp_path, shared_data, gendata):
    # mmaction2's tools/data/skeleton/gen_ntu_rgbd_raw.py: --data-path, --ignored-sample-path,
    # --out-folder, --task
    shutil.copy(shared_data / 'ntu-rgbd-raw' / 'S001C001P001R001A001.skeleton', tmp_path)
    ignored = tmp_path / 'missing.txt'
    ignored.write_text('\n')
    result = gendata('ntu', '--data-path', tmp_path, '--ignored-sample-path', ignored,
                     '--out-folder', tmp_path / 'out', '--task', 'ntu120')
    assert result.returncode == 0, result.stderr
    anno = pickle.loads((tmp_path / 'out' / 'ntu120_3danno.pkl').read_bytes())
    assert set(anno['split']) == {'xsub_train', 'xsub_val', 'xset_train', 'xset_val'}

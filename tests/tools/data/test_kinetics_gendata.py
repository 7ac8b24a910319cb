"""The Kinetics-skeleton command line on the real clips, and on a broken clip."""
import pickle
import shutil


def test_converts_real_clips_and_fails_cleanly(tmp_path, shared_data, gendata):
    data = tmp_path / 'kinetics'
    shutil.copytree(shared_data / 'kinetics-skeleton' / 'kinetics_train', data / 'kinetics_train')
    out = tmp_path / 'k.pkl'
    result = gendata('kinetics', '--data-path', data, '--out', out)
    assert result.returncode == 0, result.stderr
    anno = pickle.loads(out.read_bytes())
    assert sorted(anno['split']['train']) == sorted(p.stem for p in
                                                    (data / 'kinetics_train').iterdir())

    (data / 'kinetics_train' / 'broken.json').write_text('{"data": [')
    out.unlink()
    result = gendata('kinetics', '--data-path', data, '--out', out)
    assert result.returncode != 0 and not out.exists()
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and 'broken.json: unreadable JSON' in lines[0]


def test_help(gendata):
    result = gendata('kinetics', '--help')
    assert result.returncode == 0 and '--data-path' in result.stdout


def test_the_original_converters_spellings(tmp_path, shared_data, gendata):
    # yysijie/st-gcn's tools/kinetics_gendata.py: --data_path and --out_folder
    data = tmp_path / 'kinetics'
    shutil.copytree(shared_data / 'kinetics-skeleton' / 'kinetics_train', data / 'kinetics_train')
    folder = tmp_path / 'out'
    result = gendata('kinetics', '--data_path', data, '--out_folder', folder)
    assert result.returncode == 0, result.stderr
    # the name the Kinetics configs read (data/kinetics-skeleton/kinetics-skeleton.pkl)
    anno = pickle.loads((folder / 'kinetics-skeleton.pkl').read_bytes())
    assert sorted(anno['split']['train']) == sorted(p.stem for p in
                                                    (data / 'kinetics_train').iterdir())

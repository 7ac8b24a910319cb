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

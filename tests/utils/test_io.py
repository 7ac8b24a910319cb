import os
import pickle
import stat

import pytest

from stgcn_kit.utils import atomic_open, dump_pickle, load_pickle


def test_atomic_open_keeps_old_content_when_the_writer_fails(tmp_path):
    path = tmp_path / 'result.pkl'
    dump_pickle({'a': 1}, path)
    with pytest.raises(RuntimeError):
        with atomic_open(path, 'wb') as f:
            f.write(b'half written')
            raise RuntimeError('killed')
    assert load_pickle(path) == {'a': 1}
    assert [p.name for p in tmp_path.iterdir()] == ['result.pkl']  # no temporary left over


def test_atomic_open_gives_umask_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        dump_pickle([1, 2], tmp_path / 'x.pkl')
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / 'x.pkl').st_mode) == 0o644


def test_load_pickle_names_the_file(tmp_path):
    bad = tmp_path / 'broken.pkl'
    bad.write_bytes(pickle.dumps(list(range(100)))[:20])
    with pytest.raises(ValueError, match='broken.pkl: not a readable pickle'):
        load_pickle(bad)
    with pytest.raises(ValueError, match='missing.pkl: no such file'):
        load_pickle(tmp_path / 'missing.pkl')

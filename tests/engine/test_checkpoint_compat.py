import pickle
import zipfile

import numpy as np
import pytest
import torch
from mmengine.logging import MessageHub
from payloads import Payload, respell_checkpoint

from stgcn_kit.engine.checkpoint_compat import (
    load_checkpoint_file,
    message_hub_from_plain,
    message_hub_to_plain,
)
from stgcn_kit.utils import UnsafeFileError


def hub_state():
    hub = MessageHub(f'compat-{id(object())}')
    for value in (3.0, 1.0, 2.0):
        hub.update_scalar('train/loss', value)
    hub.update_info('epoch', 4)
    hub.update_info('keep_ckpt_ids', [2, 3])
    return hub.state_dict()


def saved(obj, path):
    torch.save(obj, path)
    return path


def weights():
    return {'w': torch.arange(4.), 'b': torch.ones(2, dtype=torch.float64)}


def test_torch_load_is_asked_for_weights_only_whatever_the_default(tmp_path, monkeypatch):
    path = saved({'state_dict': weights()}, tmp_path / 'c.pth')
    calls, real_load = [], torch.load

    def recording_load(*args, **kwargs):
        calls.append(kwargs.get('weights_only'))
        return real_load(*args, **kwargs)

    monkeypatch.setattr(torch, 'load', recording_load)
    load_checkpoint_file(path)
    load_checkpoint_file(path, weights_only_parts=True)
    load_checkpoint_file(path, trust=True)
    assert calls == [True, True, False]


def test_plain_message_hub_survives_a_weights_only_load_and_is_rebuilt(tmp_path):
    state = hub_state()
    path = saved({'message_hub': message_hub_to_plain(state)}, tmp_path / 'c.pth')
    restored = message_hub_from_plain(load_checkpoint_file(path)['message_hub'])
    buffer = restored['log_scalars']['train/loss']
    assert np.array_equal(buffer.data[0], [3.0, 1.0, 2.0])
    assert (buffer.min(), buffer.max(), buffer.current()) == (1.0, 3.0, 2.0)
    assert restored['runtime_info'] == state['runtime_info']
    hub = MessageHub('compat-target')
    hub.load_state_dict(restored)
    assert hub.get_scalar('train/loss').mean() == pytest.approx(2.0)


NUMPY_PARTS = dict(a=np.arange(4, dtype=np.float16), b=np.float64(2.5), c=np.int64(3),
                   d=np.dtype('int32'), e=np.zeros((2, 3), np.float32)[:, ::2])


def check_numpy_parts(back):
    assert back['a'].dtype == np.float16 and np.array_equal(back['a'], NUMPY_PARTS['a'])
    assert back['b'] == 2.5 and type(back['c']) is np.int64 and back['c'] == 3
    assert back['d'] == np.dtype('int32') and back['e'].shape == (2, 2)


def test_numpy_arrays_dtypes_and_scalars_load(tmp_path):
    check_numpy_parts(load_checkpoint_file(saved(NUMPY_PARTS, tmp_path / 'c.pth')))


def test_numpy_parts_pickled_under_the_other_numpy_major_load(tmp_path):
    # what a checkpoint with numpy parts written under the other numpy major holds
    src = saved({'meta': NUMPY_PARTS, 'state_dict': weights()}, tmp_path / 'ours.pth')
    other = respell_checkpoint(src, tmp_path / 'other.pth')
    pickled = [zipfile.ZipFile(p).read(n) for p in (src, other)
               for n in zipfile.ZipFile(p).namelist() if n.endswith('/data.pkl')]
    ours = b'numpy._core.' if np.__version__ >= '2' else b'numpy.core.'
    assert ours in pickled[0] and ours not in pickled[1]
    back = load_checkpoint_file(other)
    check_numpy_parts(back['meta'])
    assert torch.equal(back['state_dict']['w'], torch.arange(4.))


def test_foreign_message_hub_is_refused_unless_only_the_weights_are_wanted(tmp_path):
    # mmengine's own message hub pickles HistoryBuffer objects through builtins.getattr
    path = saved({'state_dict': weights(), 'message_hub': hub_state(), 'meta': NUMPY_PARTS},
                 tmp_path / 'foreign.pth')
    with pytest.raises(UnsafeFileError) as info:
        load_checkpoint_file(path)
    message = str(info.value)
    assert message.startswith(f'{path}: refused to load the globals builtins.getattr, '
                              f'mmengine.logging.history_buffer.HistoryBuffer (')
    assert '--trust-pickle' in message and '\n' not in message
    with pytest.warns(UserWarning, match=r'foreign.pth: skipped the entries message_hub '
                                         r'\(they name mmengine.logging.history_buffer'):
        ckpt = load_checkpoint_file(path, weights_only_parts=True)
    assert sorted(ckpt) == ['meta', 'state_dict']
    assert torch.equal(ckpt['state_dict']['w'], torch.arange(4.))
    check_numpy_parts(ckpt['meta'])
    trusted = load_checkpoint_file(path, trust=True)
    assert trusted['message_hub']['log_scalars']['train/loss'].current() == 2.0


@pytest.mark.parametrize('where', ['state_dict', 'top', 'optional'])
def test_payload_checkpoint_runs_only_when_trusted(tmp_path, where):
    marker = tmp_path / 'ran'
    payload = Payload(marker)
    content = {'state_dict': dict(weights(), extra=payload) if where == 'state_dict' else
               weights()}
    if where == 'optional':
        content['meta'] = {'hook': payload}
    path = saved(payload if where == 'top' else content, tmp_path / 'crafted.pth')
    with pytest.raises(UnsafeFileError, match='crafted.pth: refused to load the global '
                                              'builtins.exec'):
        load_checkpoint_file(path)
    if where == 'optional':
        # the weights load; the payload's entry is skipped, never run
        with pytest.warns(UserWarning, match='skipped the entries meta'):
            assert sorted(load_checkpoint_file(path, weights_only_parts=True)) == ['state_dict']
    else:
        with pytest.raises(UnsafeFileError):
            load_checkpoint_file(path, weights_only_parts=True)
    assert not marker.exists()
    load_checkpoint_file(path, trust=True)
    assert marker.exists()


def test_missing_empty_and_truncated_files_name_the_file(tmp_path):
    with pytest.raises(ValueError, match='nope.pth: no such checkpoint'):
        load_checkpoint_file(tmp_path / 'nope.pth')
    (tmp_path / 'empty.pth').write_bytes(b'')
    with pytest.raises(ValueError, match='empty.pth: not a readable checkpoint'):
        load_checkpoint_file(tmp_path / 'empty.pth')
    whole = saved({'state_dict': weights()}, tmp_path / 'whole.pth').read_bytes()
    (tmp_path / 'cut.pth').write_bytes(whole[:len(whole) // 2])
    with pytest.raises(ValueError, match='cut.pth: not a readable checkpoint'):
        load_checkpoint_file(tmp_path / 'cut.pth', weights_only_parts=True)
    (tmp_path / 'old.pth').write_bytes(pickle.dumps({'w': 1}))  # not a torch file at all
    with pytest.raises(ValueError, match='old.pth: not a readable checkpoint'):
        load_checkpoint_file(tmp_path / 'old.pth')

import io
import os
import pickle
import pickletools
from collections import OrderedDict

import numpy as np
import pytest
import torch
from hostile_pickles import (
    huge_bytearray,
    huge_empty_array,
    huge_object_array,
    storage_blob,
    tensor_over,
)
from payloads import Payload, other_numpy_spelling

from stgcn_kit.utils import safe_pickle
from stgcn_kit.utils.safe_pickle import RestrictedUnpickler, UnsafeFileError, numpy_globals


def restricted_load(data: bytes):
    return RestrictedUnpickler(io.BytesIO(data), 'x.pkl').load()


def globals_named(data: bytes) -> set:
    """The ``module.name`` globals a pickle names (GLOBAL and STACK_GLOBAL)."""
    names, strings = set(), []
    for op, arg, _ in pickletools.genops(data):
        if op.name == 'GLOBAL':
            names.add(arg.replace(' ', '.'))
        elif 'UNICODE' in op.name:
            strings.append(arg)
        elif op.name == 'STACK_GLOBAL':
            names.add(f'{strings[-2]}.{strings[-1]}')
    return names


PLAIN = dict(f32=np.arange(6, dtype=np.float32).reshape(2, 3), f64=np.linspace(0, 1, 4),
             strided=np.arange(12.).reshape(3, 4)[:, ::2], i64=np.int64(7), f16=np.float16(1.5),
             dtype=np.dtype('int16'), obj=np.array(['a', 1], dtype=object),
             ordered=OrderedDict(a=1), plain=[1, 2.5, 'x', b'y', None, True, (3, ), {4},
                                             frozenset({5}), 1j, bytearray(b'z')])


@pytest.mark.parametrize('protocol', [2, 4, 5])
def test_plain_data_and_numpy_round_trip(protocol):
    back = restricted_load(pickle.dumps(PLAIN, protocol=protocol))
    assert back.keys() == PLAIN.keys()
    for key in ('f32', 'f64', 'strided', 'obj'):
        assert back[key].dtype == PLAIN[key].dtype
        assert np.array_equal(back[key], PLAIN[key])
    assert type(back['i64']) is np.int64 and back['i64'] == 7
    assert back['dtype'] == np.dtype('int16') and back['ordered'] == PLAIN['ordered']
    assert back['plain'] == PLAIN['plain']


@pytest.mark.parametrize('protocol', [2, 5])
def test_numpy_1_names_resolve_to_the_running_numpy(protocol):
    data = pickle.dumps(PLAIN, protocol=protocol)
    ours = 'numpy._core' if np.__version__ >= '2' else 'numpy.core'
    other = 'numpy.core' if ours == 'numpy._core' else 'numpy._core'
    assert any(name.startswith(ours + '.') for name in globals_named(data))
    swapped = other_numpy_spelling(data)
    named = globals_named(swapped)
    assert any(name.startswith(other + '.') for name in named)
    assert not any(name.startswith(ours + '.') for name in named)
    back = restricted_load(swapped)
    assert np.array_equal(back['strided'], PLAIN['strided']) and back['i64'] == 7


def test_every_admitted_numpy_name_is_a_numpy_array_maker():
    admitted = numpy_globals()
    assert {name.rsplit('.', 1)[1] for name in admitted} == {
        'ndarray', 'dtype', '_reconstruct', 'scalar', '_frombuffer'}
    assert all(name.startswith(('numpy.core.', 'numpy._core.', 'numpy.nd', 'numpy.dt'))
               for name in admitted)


def test_payload_is_refused_naming_the_file_and_global(tmp_path):
    marker = tmp_path / 'ran'
    with pytest.raises(UnsafeFileError) as info:
        restricted_load(pickle.dumps({'annotations': [Payload(marker)]}))
    message = str(info.value)
    assert message.startswith('x.pkl: refused to load the global builtins.exec')
    assert '--trust-pickle' in message and '\n' not in message
    assert not marker.exists()


@pytest.mark.parametrize('name', ['builtins.getattr', 'builtins.eval', 'os.system',
                                  'numpy.core.multiarray.set_string_function',
                                  'numpy._core.multiarray.fromfile', 'numpy.load',
                                  'collections.defaultdict', '_codecs.decode',
                                  'copyreg._reconstructor', 'torch.load',
                                  'torch._utils._rebuild_parameter'])
def test_other_globals_are_refused(name):
    module, attr = name.rsplit('.', 1)
    data = b'\x80\x02c' + f'{module}\n{attr}\n'.encode() + b')R.'
    with pytest.raises(UnsafeFileError, match=f'global {name} '):
        restricted_load(data)


def test_torch_tensors_load_and_their_storage_blob_is_read_weights_only(tmp_path):
    """mmaction2's --dump: a plain pickle of tensors; the storage blob inside it is a torch.save
    file, read with weights_only (torch's own helper would unpickle it fully)."""
    import io

    import torch
    scores = [dict(pred_score=torch.rand(3), gt_label=torch.tensor([2]))]
    back = restricted_load(pickle.dumps(scores, protocol=pickle.HIGHEST_PROTOCOL))
    assert torch.equal(back[0]['pred_score'], scores[0]['pred_score'])
    assert back[0]['gt_label'].tolist() == [2]
    marker = tmp_path / 'ran'
    blob = io.BytesIO()
    torch.save(Payload(marker), blob)
    crafted = (b'\x80\x02ctorch.storage\n_load_from_bytes\n'
               + pickle.dumps(blob.getvalue(), protocol=2)[2:-1] + b'\x85R.')
    with pytest.raises(pickle.UnpicklingError):
        restricted_load(crafted)
    assert not marker.exists()


def test_payload_inside_an_object_array_is_refused(tmp_path):
    marker = tmp_path / 'ran'
    with pytest.raises(UnsafeFileError):
        restricted_load(pickle.dumps(np.array([1, Payload(marker)], dtype=object)))
    assert not marker.exists()


def test_codecs_encode_admits_latin1_only():
    assert restricted_load(pickle.dumps(b'\xff\x00', protocol=2)) == b'\xff\x00'
    crafted = b'\x80\x02c_codecs\nencode\nX\x03\x00\x00\x00abcX\x04\x00\x00\x00zlib\x86R.'
    with pytest.raises(pickle.UnpicklingError, match='zlib'):
        restricted_load(crafted)


def test_control_characters_of_a_crafted_name_do_not_break_the_line():
    with pytest.raises(UnsafeFileError) as info:
        restricted_load(b'\x80\x02cos\rx\nsystem\n)R.')
    assert len(str(info.value).splitlines()) == 1 and 'global os?x.system ' in str(info.value)


# what the budget allows beyond the file's size in the tests below, so that the requests stay
# small
SMALL_ALLOWANCE = 1 << 16


@pytest.fixture
def small_allowance(monkeypatch):
    monkeypatch.setattr(safe_pickle, 'ALLOWANCE', SMALL_ALLOWANCE)


@pytest.mark.parametrize('crafted', [huge_bytearray, huge_empty_array, huge_object_array],
                         ids=['bytearray', 'reconstruct', 'object-array'])
def test_a_request_beyond_the_budget_is_refused_and_one_within_it_is_built(small_allowance,
                                                                           crafted):
    with pytest.raises(UnsafeFileError, match=r'^x\.pkl: refused .* of 131072 bytes \(a '
                       r'pickle of \d+ bytes may make its loader allocate 0 MiB beyond'):
        restricted_load(pickle.dumps(crafted(2 * SMALL_ALLOWANCE), protocol=2))
    if crafted is not huge_object_array:  # an object array of no elements claiming some
        built = restricted_load(pickle.dumps(crafted(SMALL_ALLOWANCE // 2), protocol=2))
        assert len(built) == SMALL_ALLOWANCE // 2


def test_the_budget_counts_every_request_of_the_file(small_allowance):
    each = [huge_bytearray(SMALL_ALLOWANCE // 4)]
    assert len(restricted_load(pickle.dumps(each * 3))) == 3  # one object, pickled once
    many = [huge_bytearray(SMALL_ALLOWANCE // 4) for _ in range(6)]
    with pytest.raises(UnsafeFileError, match='refused bytearray'):
        restricted_load(pickle.dumps(many))


def test_data_the_file_holds_needs_no_budget(small_allowance):
    """Arrays, strings and tensors larger than the allowance load: their bytes are in the
    file."""
    data = dict(f32=np.random.rand(40000).astype(np.float32), text='x' * 100000,
                obj=np.array([np.arange(3)] * 10000 + [None], dtype=object),
                tensor=torch.rand(40000), structured=np.zeros(9000, [('a', 'f4'), ('b', 'O')]))
    for protocol in (2, 5):
        back = restricted_load(pickle.dumps(data, protocol=protocol))
        assert np.array_equal(back['f32'], data['f32']) and back['text'] == data['text']
        assert torch.equal(back['tensor'], data['tensor']) and len(back['obj']) == 10001
        assert back['structured'].dtype == data['structured'].dtype


def test_a_tensor_storage_declaring_more_elements_than_it_holds_is_refused(small_allowance):
    assert restricted_load(pickle.dumps(tensor_over(storage_blob(3)))).tolist() == [0, 1, 2]
    with pytest.raises(UnsafeFileError, match=f'refused a tensor storage of {4 << 20} bytes'):
        restricted_load(pickle.dumps(tensor_over(storage_blob(1 << 20))))


def test_a_tensor_view_beyond_or_repeating_its_storage_is_refused(small_allowance):
    blob = storage_blob(3)
    with pytest.raises(pickle.UnpicklingError, match=r'size \(4,\) and stride \(1,\) reaches '
                       'beyond its storage of 3 elements'):
        restricted_load(pickle.dumps(tensor_over(blob, (4, ), (1, ))))
    with pytest.raises(UnsafeFileError, match='refused a tensor view'):
        restricted_load(pickle.dumps(tensor_over(blob, (1 << 20, ), (0, ))))
    assert restricted_load(pickle.dumps(tensor_over(blob, (2, 2), (1, 1)))).tolist() == [
        [0, 1], [1, 2]]


def test_an_object_array_with_fewer_items_than_its_shape_is_refused():
    """numpy reads past the end of the short list (a crash) unless the loader checks it."""
    with pytest.raises(pickle.UnpicklingError, match='object array of 10 elements with 0 items'):
        restricted_load(pickle.dumps(huge_object_array(80)))


class _ObjectFlaggedVoid:
    """A void dtype whose pickled state sets the flag "holds objects" without object fields."""

    def __reduce__(self):
        return np.dtype, ('V8', False, True), (3, '|', None, None, None, 8, 1, 63)


def test_a_void_dtype_flagged_as_holding_objects_is_refused():
    with pytest.raises(pickle.UnpicklingError, match='flags say it holds objects'):
        restricted_load(pickle.dumps(_ObjectFlaggedVoid(), protocol=2))


def test_a_pipe_loads_within_the_budget_of_what_it_held(small_allowance):
    """A stream that cannot seek (a pipe) is read first; its size is the budget's base."""
    read_end, write_end = os.pipe()
    with os.fdopen(write_end, 'wb') as f:
        f.write(pickle.dumps([huge_bytearray(SMALL_ALLOWANCE // 2)] * 2 + ['x' * 100]))
    with os.fdopen(read_end, 'rb') as f:
        back = RestrictedUnpickler(f, 'pipe').load()
    assert len(back[0]) == SMALL_ALLOWANCE // 2 and back[2] == 'x' * 100
    read_end, write_end = os.pipe()
    with os.fdopen(write_end, 'wb') as f:
        f.write(pickle.dumps([huge_bytearray(SMALL_ALLOWANCE // 2) for _ in range(3)]))
    with os.fdopen(read_end, 'rb') as f, pytest.raises(UnsafeFileError, match='^pipe: refused'):
        RestrictedUnpickler(f, 'pipe').load()


def test_listed_array_bytes_is_what_asarray_allocates():
    from stgcn_kit.utils.safe_pickle import listed_array_bytes
    block = np.zeros((3, 4), np.float32)
    for value in ([block] * 5, [[block, block]] * 3, [[1.0, 2.0]] * 7, (block, ), block):
        assert listed_array_bytes(value) == np.asarray(value).nbytes

"""Unpickling that builds data and nothing else.

A pickle names the functions and classes that rebuild its objects, and ``pickle.load`` imports
and calls whatever is named: a crafted annotation or result file runs its author's code. The
unpickler here resolves only the names plain data needs (containers, numbers, strings, bytes,
numpy arrays, dtypes and scalars, and torch tensors, whose storage is read with torch's
weights-only loader) and refuses any other, naming it. numpy 2 pickles its
functions under ``numpy._core``, numpy 1.x under ``numpy.core``: both spellings resolve to the
running numpy's objects, so files cross between the two.

Nor may a small file make the loader allocate far more than its own size: the constructors that
take a size (``bytearray(n)``, numpy's ``_reconstruct(ndarray, shape, dtype)``, the shape of an
object array, a torch storage's element count and a tensor's view of it) draw on a budget of the
file's size plus :data:`ALLOWANCE` bytes, and a request beyond it is refused before anything is
allocated. Arrays of numbers and strings need no budget (numpy checks their data against the
shape first); object arrays are checked as they are built, by a pure-Python unpickler that
takes over only in files holding void or object dtypes.
"""
import collections
import importlib
import importlib.util
import io
import math
import operator
import pickle
import pickletools
from typing import Any, BinaryIO, Dict

import numpy as np

TRUST_HINT = 'pass --trust-pickle if you trust where the file comes from'
# bytes a pickle may make its loader allocate beyond its own size
ALLOWANCE = 64 << 20


# bytes an array made from nested lists read from a file may take: a pickle repeats one array
# in a list at two bytes a reference, and np.asarray copies every repetition
MAX_LISTED_ARRAY = 1 << 30


def listed_array_bytes(value: Any) -> int:
    """The bytes ``np.asarray(value)`` allocates for nested lists or tuples of arrays or numbers
    (8 a number), following the first element at every level: numpy refuses nesting that
    is not regular before it allocates."""
    count, node = 1, value
    while isinstance(node, (list, tuple)) and node:
        count, node = count * len(node), node[0]
    return count * (node.nbytes if isinstance(node, np.ndarray) else 8)


class UnsafeFileError(ValueError):
    """A data file or checkpoint asks to run code or build objects other than plain data."""


def printable(text: str) -> str:
    """``text`` with control characters as ``?``: names read from a crafted or corrupt file
    must not break the one-line message that quotes them."""
    return ''.join(c if c.isprintable() else '?' for c in text)


def _numpy_module(name: str):
    # numpy 2 renamed numpy.core to numpy._core and warns on the old name; numpy 1.26 has a
    # bare numpy._core without the submodules
    try:
        return importlib.import_module(f'numpy._core.{name}')
    except ImportError:
        return importlib.import_module(f'numpy.core.{name}')


def _array_bytes(shape: Any, dtype: Any) -> int:
    """Bytes of an array of ``shape`` (an int or a sequence of ints) and ``dtype``."""
    return _shape_elements(shape) * np.dtype(dtype).itemsize


def _bounded_reconstruct(subtype: Any, shape: Any, dtype: Any) -> np.ndarray:
    """numpy's ``_reconstruct``, refusing to allocate more than :data:`ALLOWANCE` bytes: numpy's
    pickles ask it for an empty array, which ``__setstate__`` then fills."""
    nbytes = _array_bytes(shape, dtype)
    if nbytes > ALLOWANCE:
        raise pickle.UnpicklingError(f'an array of shape {printable(str(shape))[:80]} ('
                                     f'{nbytes} bytes) asked of numpy\'s _reconstruct, which '
                                     f'pickles of arrays ask for an empty one')
    return _numpy_module('multiarray')._reconstruct(subtype, shape, dtype)


def numpy_globals() -> Dict[str, Any]:
    """``{'module.name': object}`` of the numpy functions and classes that pickles of arrays,
    dtypes and scalars name, under both numpy majors' module names (``_reconstruct`` bounded,
    also for checkpoints' weights-only loads)."""
    multiarray, numeric = _numpy_module('multiarray'), _numpy_module('numeric')
    found = {'numpy.ndarray': np.ndarray, 'numpy.dtype': np.dtype}
    for core in ('numpy.core', 'numpy._core'):
        found[f'{core}.multiarray._reconstruct'] = _bounded_reconstruct
        found[f'{core}.multiarray.scalar'] = multiarray.scalar
        found[f'{core}.numeric._frombuffer'] = numeric._frombuffer
    return found


def _latin1_encode(text: str, encoding: str) -> bytes:
    # protocol 2 pickles bytes as _codecs.encode(text, 'latin1'); other codecs are not data
    if encoding not in ('latin1', 'latin-1') or not isinstance(text, str):
        raise pickle.UnpicklingError(f'_codecs.encode with {encoding!r} is not plain bytes')
    return text.encode('latin1')


def _file_size(file: BinaryIO) -> int:
    """Bytes from the current position of the seekable ``file`` to its end."""
    start = file.tell()
    end = file.seek(0, io.SEEK_END)
    file.seek(start)
    return end - start


# a size or shape entry as the constructors read it; TypeError for anything else
_count = operator.index


def _shape_elements(shape: Any) -> int:
    """Elements of an array of ``shape`` (an int or a sequence of ints; negative entries,
    which the constructors refuse, count as 0); ``TypeError`` for other values."""
    dims = shape if isinstance(shape, (tuple, list)) else (shape, )
    return math.prod(max(_count(d), 0) for d in dims)


_INT_OPCODES = {'INT', 'BININT', 'BININT1', 'BININT2', 'LONG', 'LONG1', 'LONG4'}


def _declared_storage_bytes(data: bytes) -> int:
    """The bytes a storage blob (a legacy ``torch.save`` file: magic number, protocol, system
    information, then the storage's record) asks torch to allocate before reading its data:
    the largest integer of its record (the element count) times the element size its
    ``torch.*Storage`` type names (16, the largest, for an unknown type)."""
    import torch
    stream = io.BytesIO(data)
    try:
        for _ in range(3):
            for _ in pickletools.genops(stream):
                pass
        record = list(pickletools.genops(stream))
    except (ValueError, pickle.UnpicklingError) as err:
        raise pickle.UnpicklingError(f'a tensor storage is not a torch.save blob ({err})') \
            from None
    itemsize, elements = 16, 0
    for op, arg, _ in record:
        if op.name == 'GLOBAL' and str(arg).startswith('torch '):
            try:
                dtype = torch.storage._get_dtype_from_pickle_storage_type(str(arg)[6:])
            except KeyError:
                continue
            itemsize = torch.empty((), dtype=dtype).element_size()
        elif op.name in _INT_OPCODES:
            elements = max(elements, arg)
    return elements * itemsize


def _tensor_view_elements(stored: int, offset: Any, size: Any, stride: Any) -> int:
    """Elements of the tensor that ``size`` and ``stride`` from ``offset`` view in a storage
    of ``stored`` elements; ``UnpicklingError`` when the view reaches beyond the storage (torch
    would grow the storage to fit)."""
    dims = [_count(d) for d in size]
    steps = [_count(s) for s in stride]
    elements = math.prod(dims)
    if elements and len(steps) == len(dims):
        last = _count(offset) + sum((d - 1) * s for d, s in zip(dims, steps))
        if last >= stored or min(steps, default=0) < 0:
            raise pickle.UnpicklingError(f'a tensor of size {tuple(dims)} and stride '
                                         f'{tuple(steps)} reaches beyond its storage of '
                                         f'{stored} elements')
    return elements


class _PlainData:
    """What both unpicklers share: the admitted globals, some of them wrapped to charge what
    they allocate to the budget of ``budget`` bytes (the file's size plus
    :data:`ALLOWANCE`)."""

    source: str
    hint: str

    def _init_plain(self, source: str, hint: str, size: int) -> None:
        self.source, self.hint, self.size = source, hint, size
        self.budget = size + ALLOWANCE
        self.spent = 0
        self.allowed = _plain_globals()
        self.allowed['builtins.bytearray'] = self._bytearray
        self.allowed['numpy.dtype'] = self._dtype
        for core in ('numpy.core', 'numpy._core'):
            self.allowed[f'{core}.multiarray._reconstruct'] = self._reconstruct
        if _has_torch():
            # the two names a plain pickle.dump of torch tensors uses (mmaction2's --dump)
            self.allowed['torch._utils._rebuild_tensor_v2'] = self._rebuild_tensor
            self.allowed['torch.storage._load_from_bytes'] = self._storage

    def charge(self, nbytes: int, what: str) -> None:
        """Count ``nbytes`` about to be allocated for ``what``; ``UnsafeFileError`` (before the
        allocation) when the file's budget is spent."""
        self.spent += nbytes
        if self.spent > self.budget:
            raise UnsafeFileError(
                f'{self.source}: refused {what} of {nbytes} bytes (a pickle of {self.size} '
                f'bytes may make its loader allocate {ALLOWANCE >> 20} MiB beyond its own '
                f'size, no more); {self.hint}')

    def find_class(self, module: str, name: str) -> Any:
        if module == '__builtin__':  # protocols < 3 spell builtins as Python 2 did
            module = 'builtins'
        found = self.allowed.get(f'{module}.{name}')
        if found is None:
            raise UnsafeFileError(f'{self.source}: refused to load the global '
                                  f'{printable(module)}.{printable(name)} '
                                  f'(data files may hold only plain values and numpy arrays; '
                                  f'loading it could run code); {self.hint}')
        return found

    def persistent_load(self, pid: Any) -> Any:
        raise pickle.UnpicklingError('persistent ids are not plain data')

    def _bytearray(self, *args: Any) -> bytearray:
        if args and not isinstance(args[0], (str, bytes, bytearray, list, tuple)):
            self.charge(_count(args[0]), 'bytearray(n)')
        return bytearray(*args)

    def _dtype(self, *args: Any) -> np.dtype:
        return np.dtype(*args)

    def _reconstruct(self, subtype: Any, shape: Any, dtype: Any) -> np.ndarray:
        self.charge(_array_bytes(shape, dtype), f'an array of shape {printable(str(shape))[:80]}')
        return _bounded_reconstruct(subtype, shape, dtype)

    def _storage(self, data: bytes) -> Any:
        self.charge(_declared_storage_bytes(data), 'a tensor storage')
        return _tensor_storage_from_bytes(data)

    def _rebuild_tensor(self, storage: Any, offset: Any, size: Any, stride: Any,
                        *args: Any) -> Any:
        import torch
        if not isinstance(storage, torch.storage.TypedStorage):
            raise pickle.UnpicklingError(f'a tensor over a {type(storage).__name__}, not over '
                                         f'a storage')
        # the public size() and element_size() of a TypedStorage warn of its deprecation
        itemsize = torch._utils._element_size(storage.dtype)
        stored = storage._untyped_storage.nbytes() // itemsize
        elements = _tensor_view_elements(stored, offset, size, stride)
        # a view repeating its storage's elements (stride 0) becomes that large when copied
        self.charge(max(elements - stored, 0) * itemsize, 'a tensor view')
        return torch._utils._rebuild_tensor_v2(storage, offset, size, stride, *args)


def _tensor_storage_from_bytes(data: bytes) -> Any:
    # a pickled torch tensor carries its storage as a torch.save blob, which torch's own
    # helper reads with weights_only=False; the restricted load builds the same storage
    import torch
    return torch.load(io.BytesIO(data), weights_only=True)


def _has_torch() -> bool:
    return importlib.util.find_spec('torch') is not None


def _plain_globals() -> Dict[str, Any]:
    """The admitted globals that allocate no more than the file holds."""
    found = {f'builtins.{t.__name__}': t for t in (set, frozenset, complex)}
    found['collections.OrderedDict'] = collections.OrderedDict
    found['_codecs.encode'] = _latin1_encode
    found.update(numpy_globals())
    return found


class _NeedsCheckedBuild(Exception):
    """The file builds a void or object dtype: an array of it may be an object array, whose
    shape only the pure-Python unpickler can check before numpy allocates it."""


def _holds_objects(dtype: np.dtype) -> bool:
    """Whether ``dtype`` holds Python objects by its structure (not by the flags that a
    pickled dtype's state sets)."""
    if dtype.subdtype is not None:
        return _holds_objects(dtype.subdtype[0])
    if dtype.fields:
        return any(_holds_objects(field[0]) for field in dtype.fields.values())
    return dtype.kind == 'O'


def _object_array_elements(state: Any) -> int:
    """The elements of the object array ``ndarray.__setstate__(state)`` builds, 0 for an array
    of another dtype (those compare their data's length with their shape first; an object
    array allocates its pointers first, and numpy reads past the end of a short list of
    items)."""
    if not isinstance(state, tuple) or len(state) not in (4, 5):
        return 0
    shape, dtype = state[-4], state[-3]
    if not isinstance(dtype, np.dtype) or not dtype.hasobject:
        return 0
    return _shape_elements(shape)


class _CheckedUnpickler(_PlainData, pickle._Unpickler):
    """The pure-Python unpickler with the same globals, which sees each array's state before
    numpy builds the array from it."""

    def __init__(self, file: BinaryIO, source: str, hint: str, size: int) -> None:
        super().__init__(file)
        self._init_plain(source, hint, size)

    def load_checked_build(self) -> None:
        inst, state = self.stack[-2], self.stack[-1]
        elements = _object_array_elements(state) if isinstance(inst, np.ndarray) else 0
        if elements:
            self.charge(elements * state[-3].itemsize, 'an object array')
            items = state[-1]
            if not isinstance(items, list) or len(items) != elements:
                raise pickle.UnpicklingError(
                    f'an object array of {elements} elements with '
                    f'{len(items) if isinstance(items, list) else "no"} items')
        self.load_build()
        if isinstance(inst, np.dtype) and inst.hasobject != _holds_objects(inst):
            raise pickle.UnpicklingError(f'a dtype {printable(str(inst))[:80]} whose flags '
                                         f'say it holds objects, but whose fields hold none')

    dispatch = dict(pickle._Unpickler.dispatch)
    dispatch[pickle.BUILD[0]] = load_checked_build


class RestrictedUnpickler(_PlainData, pickle.Unpickler):
    """``pickle.Unpickler`` resolving only the globals of plain data; any other raises
    :class:`UnsafeFileError` naming ``source`` and the global, and so does a request to
    allocate more than the file's size plus :data:`ALLOWANCE` bytes."""

    def __init__(self, file: BinaryIO, source: str, hint: str = TRUST_HINT) -> None:
        if not file.seekable():  # a pipe: its size is known once it is read
            file = io.BytesIO(file.read())
        super().__init__(file)
        self.file = file
        self.start = file.tell()
        self._init_plain(source, hint, _file_size(file))

    def _dtype(self, *args: Any) -> np.dtype:
        dtype = np.dtype(*args)
        if dtype.kind == 'V' or dtype.hasobject:  # void dtypes may become object ones
            raise _NeedsCheckedBuild
        return dtype

    def load(self) -> Any:
        """The file's object, built by the C unpickler unless the file holds void or object
        dtypes."""
        try:
            return super().load()
        except _NeedsCheckedBuild:
            self.file.seek(self.start)
            return _CheckedUnpickler(self.file, self.source, self.hint, self.size).load()

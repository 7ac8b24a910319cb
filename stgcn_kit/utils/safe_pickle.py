"""Unpickling that builds data and nothing else.

A pickle names the functions and classes that rebuild its objects, and ``pickle.load`` imports
and calls whatever is named: a crafted annotation or result file runs its author's code. The
unpickler here resolves only the names plain data needs (containers, numbers, strings, bytes,
numpy arrays, dtypes and scalars, and torch tensors, whose storage is read with torch's
weights-only loader) and refuses any other, naming it. numpy 2 pickles its
functions under ``numpy._core``, numpy 1.x under ``numpy.core``: both spellings resolve to the
running numpy's objects, so files cross between the two.
"""
import collections
import importlib
import io
import pickle
from typing import Any, BinaryIO, Dict

import numpy as np

TRUST_HINT = 'pass --trust-pickle if you trust where the file comes from'


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


def numpy_globals() -> Dict[str, Any]:
    """``{'module.name': object}`` of the numpy functions and classes that pickles of arrays,
    dtypes and scalars name, under both numpy majors' module names."""
    multiarray, numeric = _numpy_module('multiarray'), _numpy_module('numeric')
    found = {'numpy.ndarray': np.ndarray, 'numpy.dtype': np.dtype}
    for core in ('numpy.core', 'numpy._core'):
        found[f'{core}.multiarray._reconstruct'] = multiarray._reconstruct
        found[f'{core}.multiarray.scalar'] = multiarray.scalar
        found[f'{core}.numeric._frombuffer'] = numeric._frombuffer
    return found


def _latin1_encode(text: str, encoding: str) -> bytes:
    # protocol 2 pickles bytes as _codecs.encode(text, 'latin1'); other codecs are not data
    if encoding not in ('latin1', 'latin-1') or not isinstance(text, str):
        raise pickle.UnpicklingError(f'_codecs.encode with {encoding!r} is not plain bytes')
    return text.encode('latin1')


def _tensor_storage_from_bytes(data: bytes) -> Any:
    # a pickled torch tensor carries its storage as a torch.save blob, which torch's own
    # helper reads with weights_only=False; the restricted load builds the same storage
    import torch
    return torch.load(io.BytesIO(data), weights_only=True)


def _torch_globals() -> Dict[str, Any]:
    """The two names a plain ``pickle.dump`` of torch tensors uses (mmaction2's ``--dump``),
    resolved to functions that build tensors only; empty without torch."""
    try:
        import torch
    except ImportError:
        return {}
    return {'torch._utils._rebuild_tensor_v2': torch._utils._rebuild_tensor_v2,
            'torch.storage._load_from_bytes': _tensor_storage_from_bytes}


def _plain_globals() -> Dict[str, Any]:
    found = {f'builtins.{t.__name__}': t for t in (set, frozenset, complex, bytearray)}
    found['collections.OrderedDict'] = collections.OrderedDict
    found['_codecs.encode'] = _latin1_encode
    found.update(numpy_globals())
    found.update(_torch_globals())
    return found


class RestrictedUnpickler(pickle.Unpickler):
    """``pickle.Unpickler`` resolving only the globals of plain data; any other raises
    :class:`UnsafeFileError` naming ``source`` and the global."""

    def __init__(self, file: BinaryIO, source: str, hint: str = TRUST_HINT) -> None:
        super().__init__(file)
        self.source, self.hint = source, hint
        self.allowed = _plain_globals()

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

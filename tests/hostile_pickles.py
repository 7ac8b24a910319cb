"""Crafted pickles of plain data that ask the loader for far more memory than their size: each
calls a constructor the restricted unpickler admits with a size that no data in the file backs."""
import collections
import pickle
import pickletools

import numpy as np
import torch

HUGE = 8 << 30  # bytes the crafted files ask for


class Reduce:
    """Pickles as ``func(*args)``: what a crafted file can ask an admitted constructor for."""

    def __init__(self, func, *args, state=None) -> None:
        self.reduced = (func, args) if state is None else (func, args, state)

    def __reduce__(self):
        return self.reduced


def huge_bytearray(size: int = HUGE) -> Reduce:
    """``bytearray(size)``."""
    return Reduce(bytearray, size)


def huge_empty_array(size: int = HUGE) -> Reduce:
    """``_reconstruct(ndarray, (size,), 'b')``: numpy's pickles ask it for an empty array."""
    return Reduce(np.ndarray.__reduce__(np.zeros(0))[0], np.ndarray, (size, ), b'b')


def huge_object_array(size: int = HUGE) -> Reduce:
    """An object array whose state claims ``size / 8`` elements and holds none: numpy
    allocates the pointers before it compares the two."""
    reconstruct = np.ndarray.__reduce__(np.zeros(0))[0]
    return Reduce(reconstruct, np.ndarray, (0, ), b'b',
                  state=(1, (size // 8, ), np.dtype(object), False, []))


def storage_blob(elements: int) -> bytes:
    """The storage blob (a legacy ``torch.save`` file) of a pickled 3-element float tensor,
    its record declaring ``elements`` elements instead of 3."""
    data = pickle.dumps(torch.arange(3.), protocol=2)
    blob = next(arg for op, arg, _ in pickletools.genops(data)
                if op.name == 'BINUNICODE').encode('latin1')
    count = b'K\x03N'  # BININT1 3, then None (no view) in the record's persistent id
    assert blob.count(count) == 1
    return blob.replace(count, pickle.dumps(elements, protocol=2)[2:-1] + b'N')


def tensor_over(blob: bytes, size=(3, ), stride=(1, )) -> Reduce:
    return Reduce(torch._utils._rebuild_tensor_v2,
                  Reduce(torch.storage._load_from_bytes, blob), 0, size, stride, False,
                  collections.OrderedDict())

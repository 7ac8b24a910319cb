"""Checkpoints that ``torch.load(weights_only=True)`` (the default since torch 2.6) can read.

mmengine's ``load_checkpoint`` and ``Runner.resume`` call ``torch.load`` without
``weights_only``. An mmengine checkpoint holds numpy arrays and scalars, which the restricted
unpickler rejects unless allowed, and the message hub's ``HistoryBuffer`` objects, whose pickle
fetches their statistics functions with ``builtins.getattr``. Allowing ``getattr`` would let a
crafted file reach and overwrite arbitrary module attributes, so instead the history buffers are
written as plain arrays and rebuilt on loading.
"""
import importlib
from typing import List

import numpy as np
import torch
from mmengine.logging.history_buffer import HistoryBuffer

_PLAIN_BUFFER = '__history_buffer__'


def _numpy_types() -> List[type]:
    try:  # numpy 2 renamed np.core to np._core; 1.26 has a bare np._core without multiarray
        multiarray = importlib.import_module('numpy._core.multiarray')
    except ImportError:
        multiarray = importlib.import_module('numpy.core.multiarray')
    types = [np.ndarray, np.dtype, multiarray._reconstruct, multiarray.scalar]
    # numpy >= 1.25 pickles dtypes as instances of per-type classes (np.dtypes.Float64DType)
    types += [type(np.dtype(code)) for code in np.typecodes['All'] if code not in 'MmO']
    return types


def allow_mmengine_checkpoints() -> None:
    """Register numpy's array and scalar types as safe for ``torch.load``.

    Idempotent; a no-op on a torch without ``add_safe_globals`` (< 2.4), which does not need it.
    """
    add_safe_globals = getattr(torch.serialization, 'add_safe_globals', None)
    if add_safe_globals is not None:
        add_safe_globals(_numpy_types())


def message_hub_to_plain(state: dict) -> dict:
    """A copy of ``MessageHub.state_dict()`` with each ``HistoryBuffer`` as a dict of arrays."""
    scalars = {}
    for key, buffer in state.get('log_scalars', {}).items():
        if isinstance(buffer, HistoryBuffer):
            log_history, count_history = buffer.data
            buffer = {_PLAIN_BUFFER: True, 'log_history': log_history,
                      'count_history': count_history, 'max_length': buffer.max_length}
        scalars[key] = buffer
    return dict(state, log_scalars=scalars)


def message_hub_from_plain(state: dict) -> dict:
    """Undo :func:`message_hub_to_plain`; other entries pass unchanged."""
    scalars = {}
    for key, buffer in state.get('log_scalars', {}).items():
        if isinstance(buffer, dict) and buffer.get(_PLAIN_BUFFER):
            buffer = HistoryBuffer(buffer['log_history'], buffer['count_history'],
                                   buffer['max_length'])
        scalars[key] = buffer
    return dict(state, log_scalars=scalars)

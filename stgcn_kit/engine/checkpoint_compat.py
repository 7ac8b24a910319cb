"""Checkpoint loading that builds tensors and plain data only, on any torch and either numpy.

Every checkpoint the project reads goes through :func:`load_checkpoint_file`, which asks for
``torch.load(weights_only=True)`` explicitly (older torch defaults to full unpickling, which runs
whatever code a crafted file names) and admits, beyond torch's own tensors and containers,
numpy arrays, dtypes and scalars, the parts of an mmengine checkpoint that are not tensors. numpy
2 pickles them under ``numpy._core``, numpy 1.x (PYSKL's and mmaction2's released checkpoints)
under ``numpy.core``: both names are admitted, mapped to the running numpy's objects.

The message hub's ``HistoryBuffer`` objects pickle their statistics functions with
``builtins.getattr``; admitting ``getattr`` would let a crafted file reach and overwrite
arbitrary module attributes, so this project writes the history buffers as plain arrays and
rebuilds them on loading. Checkpoints written elsewhere still hold them: loaders that need only
the weights skip such optional parts (:func:`load_checkpoint_file` with ``weights_only_parts``).
"""
import contextlib
import io
import os
import pickle
import re
import warnings
from typing import Any, Callable, Iterator, List, Optional, Tuple, Union

import numpy as np
import torch
from mmengine.logging.history_buffer import HistoryBuffer

from stgcn_kit.errors import CheckpointError
from stgcn_kit.utils.safe_pickle import TRUST_HINT, UnsafeFileError, numpy_globals, printable

_PLAIN_BUFFER = '__history_buffer__'
MapLocation = Union[str, torch.device, Callable, None]


def numpy_safe_globals() -> List[Tuple[Any, str]]:
    """``(object, pickled name)`` pairs for ``torch.serialization.safe_globals``: numpy's array,
    dtype and scalar constructors under both numpy majors' names, and the per-type dtype
    classes (numpy >= 1.25 builds each dtype as an instance of one, e.g. ``Float64DType``)."""
    pairs = [(obj, name) for name, obj in numpy_globals().items()]
    for code in np.typecodes['All']:
        cls = type(np.dtype(code))
        if code not in 'MmO' and cls is not np.dtype:
            pairs.append((cls, f'{cls.__module__}.{cls.__qualname__}'))
    return pairs


@contextlib.contextmanager
def _admitted(extra: List[Tuple[Any, str]] = ()) -> Iterator[None]:
    """numpy's types (and ``extra``) admitted by ``weights_only`` loads inside the block only;
    a torch without ``safe_globals`` (< 2.5) admits tensors and containers alone."""
    scope = getattr(torch.serialization, 'safe_globals', None)
    with scope(numpy_safe_globals() + list(extra)) if scope else contextlib.nullcontext():
        yield


class _Skipped:
    """Stands in for a global a weights-only load does not admit: it accepts any arguments
    and state and does nothing, so the objects built from it stay inert placeholders."""
    name = ''

    def __new__(cls, *args: Any, **kwargs: Any) -> '_Skipped':
        return super().__new__(cls)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def __setstate__(self, state: Any) -> None:
        pass


def _skipped_in(obj: Any, seen: Optional[set] = None) -> List[str]:
    """Names of the refused globals whose placeholders ``obj`` holds (containers searched)."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return []
    seen.add(id(obj))
    if isinstance(obj, _Skipped) or (isinstance(obj, type) and issubclass(obj, _Skipped)):
        return [obj.name]
    if isinstance(obj, dict):
        items = list(obj.keys()) + list(obj.values())
    elif isinstance(obj, (list, tuple, set, frozenset)):
        items = list(obj)
    else:
        return []
    return sorted({name for item in items for name in _skipped_in(item, seen)})


def _weights_only(data: bytes, map_location: MapLocation,
                  extra: List[Tuple[Any, str]] = ()) -> Any:
    with _admitted(extra):
        return torch.load(io.BytesIO(data), map_location=map_location, weights_only=True)


def _unsafe_globals(data: bytes, err: Exception) -> List[str]:
    """The globals of the checkpoint outside the allow-list: from torch's static scan (>= 2.5,
    zip checkpoints), else from its refusal message; empty when ``err`` is no refusal (a
    corrupt file)."""
    finder = getattr(torch.serialization, 'get_unsafe_globals_in_checkpoint', None)
    try:
        with _admitted():
            names = finder(io.BytesIO(data)) if finder else []
    except Exception:  # noqa: BLE001 - not a zip checkpoint, or one torch cannot scan
        names = []
    found = re.search(r'GLOBAL ([\w.]+)', str(err))
    return names or ([found.group(1)] if found else [])


def _without_unreadable_parts(data: bytes, source: str, map_location: MapLocation,
                              refused: List[str], refusal: Exception) -> dict:
    """The checkpoint with every top-level entry that names a ``refused`` global left out
    (with a warning naming them), provided its weights are plain; else ``refusal``."""
    stand_ins = [(type('Skipped', (_Skipped,), {'name': name}), name) for name in refused]
    try:
        ckpt = _weights_only(data, map_location, stand_ins)
    except pickle.UnpicklingError:  # the placeholders were used beyond being built
        raise refusal from None
    if not isinstance(ckpt, dict) or 'state_dict' not in ckpt or \
            _skipped_in(ckpt['state_dict']):
        raise refusal
    skipped = {key: _skipped_in(value) for key, value in ckpt.items()}
    skipped = {key: names for key, names in skipped.items() if names}
    entries = ', '.join(sorted(printable(str(key)) for key in skipped))
    names = ', '.join(sorted({printable(n) for found in skipped.values() for n in found}))
    warnings.warn(f'{source}: skipped the entries {entries} (they name {names}, which a '
                  f'weights-only load does not build); the weights are loaded', stacklevel=3)
    return {key: value for key, value in ckpt.items() if key not in skipped}


def _read_bytes(source: str) -> bytes:
    if '://' in source:  # mmengine's storage backends: http(s), s3, ...
        from mmengine.fileio import get
        return get(source)
    try:
        with open(os.path.expanduser(source), 'rb') as f:
            return f.read()
    except FileNotFoundError:
        raise CheckpointError(f'{source}: no such checkpoint') from None
    except IsADirectoryError:
        raise CheckpointError(f'{source}: is a directory, not a checkpoint') from None


def load_checkpoint_file(source: str, map_location: MapLocation = 'cpu', trust: bool = False,
                         weights_only_parts: bool = False, hint: str = TRUST_HINT) -> Any:
    """Load a ``torch.save`` file (a local path or an mmengine storage URL) safely.

    Args:
        source: the checkpoint.
        map_location: as for ``torch.load``.
        trust: unpickle fully (``weights_only=False``): the file can run code. Only for files
            the user said they trust.
        weights_only_parts: for loaders that need only the weights: entries other than
            ``state_dict`` that name refused globals (a foreign message hub, optimizer, ...) are
            left out with a warning instead of failing the load.
        hint: how the user trusts the file, the end of the refusal's message.

    Raises:
        UnsafeFileError: the file names a global outside the allow-list (one line naming the
            file and the global, ending with ``hint``).
        CheckpointError: the file is missing or is not a readable checkpoint (a ``ValueError``).
    """
    source = str(source)
    data = _read_bytes(source)
    try:
        if trust:
            return torch.load(io.BytesIO(data), map_location=map_location, weights_only=False)
        try:
            return _weights_only(data, map_location)
        except pickle.UnpicklingError as err:
            refused = _unsafe_globals(data, err)
            if not refused:
                raise
            named = ('the global ' if len(refused) == 1 else 'the globals ') + \
                ', '.join(sorted(map(printable, refused)))
            refusal = UnsafeFileError(f'{source}: refused to load {named} (checkpoints may '
                                      f'hold only tensors, plain values and numpy arrays; '
                                      f'loading it could run code); {hint}')
            if not weights_only_parts:
                raise refusal from None
            return _without_unreadable_parts(data, source, map_location, refused, refusal)
    except UnsafeFileError as err:
        raise err from None
    except Exception as err:  # noqa: BLE001 - torch reports corrupt files in many types
        if trust and not isinstance(err, (pickle.UnpicklingError, RuntimeError, EOFError,
                                          ValueError)):
            raise
        raise CheckpointError(f'{source}: not a readable checkpoint ({type(err).__name__}: '
                         f'{_detail(err)})') from None


def _detail(err: Exception) -> str:
    """The line of torch's message that says what is wrong."""
    text = str(err)
    if 'WeightsUnpickler error:' in text:
        text = text.split('WeightsUnpickler error:', 1)[1]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else type(err).__name__


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

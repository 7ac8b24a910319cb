"""What the fuzz tests share: the mutations of real files, the property every reader must keep,
and the count of inputs tried per reader (printed at the end of the session by conftest.py).

``FUZZ_EXAMPLES`` sets the inputs per test (default: a budget that keeps the suite well under a
minute); with it set, examples are drawn afresh each run instead of from a fixed seed."""
import collections
import copy
import json
import math
import os
import pickle
from pathlib import Path
from typing import Any, Callable, Optional

import numpy as np
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

TRIED: collections.Counter = collections.Counter()
EXAMPLES = int(os.environ.get('FUZZ_EXAMPLES', '0')) or None


def fuzz_settings(default: int):
    return settings(max_examples=EXAMPLES or default, deadline=None, database=None,
                    derandomize=EXAMPLES is None, print_blob=True,
                    suppress_health_check=list(HealthCheck))


# integers at and beyond the limits of int32, int64 and uint64, and one of 500 digits
INT_LIMITS = [2**31 - 1, 2**31, 2**63 - 1, 2**63, 2**64, -2**63 - 1, 10**500]
# values that break readers: non-finite, huge, negative, wrong types, empty containers
ODD_NUMBERS = [math.nan, math.inf, -math.inf, 1e40, -1, 0, 10**12, 3.7, -1e-30] + INT_LIMITS
ODD_VALUES = ODD_NUMBERS + ['x', '', None, True, [], {}, [[1, 2], [3]], [math.nan] * 3]
ODD_TOKENS = ['nan', 'inf', '-inf', '1e40', '-1', '0', '99999999999', '1e309', 'abc', '', '3.7',
              '0x10', '1_000'] + [str(n) for n in INT_LIMITS]
# depths of arrays within arrays: numpy's dimension limit (64) and the interpreter's recursion
# limit (1000) on either side
NESTING_DEPTHS = [1, 64, 65, 900, 5000, 100_000]


def nested_json(depth: int, leaf: str = '1') -> str:
    """JSON text of ``depth`` arrays within each other around ``leaf``."""
    return '[' * depth + leaf + ']' * depth


@st.composite
def mutated_bytes(draw, data: bytes) -> bytes:
    """``data`` after one to four byte-level edits: truncation, flipped or replaced bytes,
    inserted junk, a deleted or repeated chunk."""
    for _ in range(draw(st.integers(1, 4))):
        size = len(data)
        pos = draw(st.integers(0, max(size - 1, 0)))
        edit = draw(st.sampled_from(['truncate', 'flip', 'set', 'insert', 'delete', 'repeat']))
        if edit == 'truncate':
            data = data[:pos]
        elif edit == 'flip' and size:
            data = data[:pos] + bytes([data[pos] ^ (1 << draw(st.integers(0, 7)))]) + \
                data[pos + 1:]
        elif edit == 'set' and size:
            data = data[:pos] + bytes([draw(st.integers(0, 255))]) + data[pos + 1:]
        elif edit == 'insert':
            data = data[:pos] + draw(st.binary(min_size=1, max_size=16)) + data[pos:]
        elif edit == 'delete':
            data = data[:pos] + data[pos + draw(st.integers(1, 64)):]
        elif edit == 'repeat':
            data = data[:pos] + data[pos:pos + draw(st.integers(1, 64))] * 2 + data[pos:]
    return data


@st.composite
def mutated_lines(draw, text: str, head_lines: int = 4) -> str:
    """``text`` after one to four line-level edits: a token replaced by an odd one (often in
    the first ``head_lines`` lines, where counts live), a line deleted, repeated or emptied."""
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        near_head = draw(st.booleans())
        index = draw(st.integers(0, min(head_lines, len(lines)) - 1 if near_head
                                 else len(lines) - 1))
        edit = draw(st.sampled_from(['token', 'token', 'delete', 'repeat', 'empty']))
        if edit == 'token':
            tokens = lines[index].split() or ['']
            tokens[draw(st.integers(0, len(tokens) - 1))] = draw(st.sampled_from(ODD_TOKENS))
            lines[index] = ' '.join(tokens)
        elif edit == 'delete':
            del lines[index]
        elif edit == 'repeat':
            lines.insert(index, lines[index])
        else:
            lines[index] = ''
    return '\n'.join(lines) + draw(st.sampled_from(['\n', '\r\n', '']))


def _children(node: Any) -> list:
    if isinstance(node, dict):
        return list(node)
    if isinstance(node, (list, tuple)) or (isinstance(node, np.ndarray) and node.dtype == object):
        return list(range(len(node)))
    return []


def _odd_array(draw, old: Any) -> Any:
    shape = np.shape(old)
    kind = draw(st.sampled_from(['nan', 'inf', 'huge', 'int', 'object', 'shape', 'empty',
                                 'scalar', 'str']))
    if kind in ('nan', 'inf', 'huge') and np.size(old):
        new = np.array(old, dtype=np.float64, copy=True)
        flat = new.reshape(-1)
        flat[draw(st.integers(0, flat.size - 1))] = {'nan': math.nan, 'inf': math.inf,
                                                     'huge': 1e300}[kind]
        return new.astype(np.asarray(old).dtype if kind != 'huge' else np.float64)
    if kind == 'int':
        return np.zeros(shape, np.int64)
    if kind == 'object':
        return np.array([None] * max(int(np.prod(shape[:1])), 1), dtype=object)
    if kind == 'shape':
        return np.zeros(shape[:-1] + (draw(st.integers(0, 5)), ), np.float32) if shape \
            else np.zeros((2, 2), np.float32)
    if kind == 'empty':
        return np.zeros((0, ) + shape[1:], np.float32)
    if kind == 'scalar':
        return np.float32(1)
    return np.array(['a'] * 3)


@st.composite
def mutated_structure(draw, obj: Any, with_arrays: bool = True) -> Any:
    """A deep copy of ``obj`` (JSON-like data or a pickle's dicts, lists and arrays) with one to
    three edits at random depths: a value replaced by an odd one (non-finite, huge, negative,
    wrong type; an array by one of another dtype, shape or with a NaN), an entry deleted, a
    list emptied or repeated."""
    obj = pickle.loads(pickle.dumps(obj))
    for _ in range(draw(st.integers(1, 3))):
        parent, key, node = None, None, obj
        while _children(node) and draw(st.integers(0, 4)) > 0:
            parent, key = node, draw(st.sampled_from(_children(node)))
            node = node[key]
        if parent is None:
            continue
        edit = draw(st.sampled_from(['odd', 'odd', 'delete', 'empty', 'repeat']))
        if isinstance(parent, tuple):  # immutable: edited through its own parent only
            continue
        if edit == 'odd':
            if with_arrays and isinstance(node, np.ndarray) and draw(st.booleans()):
                parent[key] = _odd_array(draw, node)
            else:
                parent[key] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))
        elif edit == 'delete' and isinstance(parent, (dict, list)):
            del parent[key]
        elif edit == 'empty':
            parent[key] = type(node)() if isinstance(node, (dict, list, str)) else []
        elif edit == 'repeat' and isinstance(node, list):
            parent[key] = node + node
    return obj


def dumps_json(obj: Any) -> bytes:
    return json.dumps(obj, allow_nan=True).encode()


def check_outcome(reader: str, call: Callable[[], Any], names: str,
                  out: Optional[Path] = None, before: Optional[bytes] = None,
                  valid: Callable[[Any], None] = lambda result: None) -> None:
    """The property: ``call()`` returns a result that ``valid`` accepts, or raises one
    ``ValueError`` (the project's errors are ValueErrors) whose single-line message names
    ``names`` (the file or folder). Any other exception fails the test. When ``out`` is given,
    it holds ``before`` after a failure (an existing output is never destroyed) and is a
    complete readable pickle after a success; no temporary file is left beside it."""
    TRIED[reader] += 1
    try:
        result = call()
    except ValueError as err:
        message = str(err)
        assert names in message, f'{reader}: error does not name {names}: {message}'
        assert len(message.strip().splitlines()) == 1, f'{reader}: error spans lines: {message!r}'
        if out is not None:
            assert out.read_bytes() == before, f'{reader}: the existing output was changed'
    else:
        valid(result)
        if out is not None:
            from stgcn_kit.utils import load_pickle
            valid(load_pickle(out))
    if out is not None:
        leftovers = [p.name for p in out.parent.iterdir() if p.name.startswith(f'.{out.name}')]
        assert not leftovers, f'{reader}: temporary files left behind: {leftovers}'

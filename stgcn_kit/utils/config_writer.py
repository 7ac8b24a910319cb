"""Writing a config as Python source that runs nothing but ``dict(...)`` calls.

A written config is code: whatever the writer did not author itself (annotation paths, layouts
and class names read from user files) goes in as a literal, so a file name holding a newline
and Python stays a string. :func:`literal` writes ``repr`` of strings and numbers and never two
braces in a row: mmengine substitutes ``{{ ... }}`` templates in a config's text before it
parses it, string literals included. :func:`config_source` checks the finished source: nothing
but assignments of literals, names, ``+`` and ``dict(...)``.
"""
import ast
import keyword
import math
import numbers
import re
from typing import Any, Iterable, Mapping, Optional

WIDTH = 100
INDENT = 4
# the one template a writer may use: mmengine puts the config file's folder there when reading
FILE_DIR = '{{ fileDirname }}'
_BRACES = re.compile(r'(?<=\{)(?=\{)')
_INERT = (ast.Module, ast.Assign, ast.Name, ast.Load, ast.Store, ast.Constant, ast.Dict,
          ast.List, ast.Tuple, ast.keyword, ast.Add, ast.USub)


class Code(str):
    """Source text the writer authored itself (e.g. a variable name), written as it is; never
    made from outside text."""


def _string(text: str) -> str:
    pieces = _BRACES.split(text)
    if len(pieces) == 1:
        return repr(text)
    return '(' + ' '.join(repr(p) for p in pieces) + ')'  # adjacent literals concatenate


def _is_keyword_name(key: Any) -> bool:
    return isinstance(key, str) and key.isidentifier() and not keyword.iskeyword(key)


def _parts(value: Any, indent: int) -> tuple:
    """Opening, item sources and closing of a dict, list or tuple whose items are lines
    indented by ``indent``."""
    if isinstance(value, Mapping):
        if all(_is_keyword_name(k) for k in value):
            return 'dict(', [f'{k}={literal(v, indent, indent + len(k) + 1)}'
                             for k, v in value.items()], ')'
        keys = {k: literal(k) for k in value}
        return '{', [f'{keys[k]}: {literal(v, indent, indent + len(keys[k]) + 2)}'
                     for k, v in value.items()], '}'
    items = [literal(v, indent) for v in value]
    if isinstance(value, tuple):
        return '(', items, ',)' if len(value) == 1 else ')'
    return '[', items, ']'


def literal(value: Any, indent: int = 0, column: Optional[int] = None) -> str:
    """Python source that evaluates to ``value`` (dicts, lists, tuples, strings, finite numbers,
    booleans, ``None``; :class:`Code` as it is): on one line where it fits in :data:`WIDTH`
    columns from ``column`` (default ``indent``), else one item a line, indented by
    :data:`INDENT` more than the line it starts on (``indent``).

    Raises:
        ValueError: a value of another type, or a number that is not finite.
    """
    if isinstance(value, Code):
        return str(value)
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, numbers.Integral):
        return repr(int(value))
    if isinstance(value, numbers.Real):
        if not math.isfinite(value):
            raise ValueError(f'cannot write the number {value!r} into a config')
        return repr(float(value))
    if isinstance(value, str):
        return _string(value)
    if not isinstance(value, (Mapping, list, tuple)):
        raise ValueError(f'cannot write {type(value).__name__} {value!r} into a config')
    opening, items, closing = _parts(value, indent + INDENT)
    one_line = opening + ', '.join(items) + closing
    if '\n' not in one_line and (indent if column is None else column) + len(one_line) <= WIDTH:
        return one_line
    pad = ' ' * (indent + INDENT)
    return opening + '\n' + ',\n'.join(pad + item for item in items) + closing


def config_source(entries: Mapping[str, Any], header: Iterable[str] = ()) -> str:
    """The source of a config whose top-level names are ``entries``, after the comment lines
    ``header`` (each must start with ``#``).

    Raises:
        ValueError: a header line that is no comment, a name that is not a plain identifier,
            or source that would run more than ``dict(...)`` calls (a :class:`Code` value that
            does).
    """
    lines = []
    for line in header:
        if not line.startswith('#') or '\n' in line or '\r' in line:
            raise ValueError(f'a config header line must be one comment line, got {line!r}')
        lines.append(line)
    for name, value in entries.items():
        if not _is_keyword_name(name) or name.startswith('__'):
            raise ValueError(f'cannot write {name!r} as a config name')
        lines.append(f'{name} = {literal(value, 0, len(name) + 3)}')
    source = '\n'.join(lines) + '\n'
    _check_inert(source)
    return source


def _check_inert(source: str) -> None:
    if '{{' in source.replace(FILE_DIR, ''):
        raise ValueError('config source holds a {{ template besides ' + FILE_DIR)
    for node in ast.walk(ast.parse(source)):
        call_of_dict = (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id == 'dict')
        if not (call_of_dict or isinstance(node, _INERT)
                or isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add)
                or isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)):
            raise ValueError(f'config source would run {ast.dump(node)[:80]}')

"""Quoting content from a file in a one-line error message: a crafted or corrupt file may hold
a line of megabytes, an integer of thousands of digits or control characters, and the message
should show a short excerpt."""
from typing import Any

from .safe_pickle import printable

WIDTH = 80


def excerpt(value: Any, width: int = WIDTH) -> str:
    """``repr(value)`` on one line (control characters as ``?``), cut to ``width`` characters
    (the cut said, with the full length)."""
    if isinstance(value, str):
        text = printable(value)
        if len(text) <= width:
            return repr(text)
        return f'{text[:width]!r}... ({len(text)} characters)'
    try:
        text = printable(repr(value))
    except ValueError:  # an int beyond the digits Python converts to text
        return f'<an integer of {value.bit_length()} bits>'
    return text if len(text) <= width else f'{text[:width]}... ({len(text)} characters)'

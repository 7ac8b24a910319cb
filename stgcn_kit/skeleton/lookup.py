"""Finding a layout: by built-in name, from a dict, or from a JSON/YAML file."""
import json
import os
from typing import Any, Dict, Union

import yaml

from .builtin import LAYOUTS
from .layout import Layout

LayoutLike = Union[str, Dict[str, Any], Layout]
FILE_SUFFIXES = ('.json', '.yaml', '.yml')


def load_layout(path: str) -> Layout:
    """A layout from a ``.json`` / ``.yaml`` / ``.yml`` file holding the dict that
    :meth:`Layout.from_dict` reads (files are parsed as data, never run)."""
    if not path.endswith(FILE_SUFFIXES):
        raise ValueError(f'{path}: a layout file ends with one of {list(FILE_SUFFIXES)}')
    try:
        with open(path, 'r', encoding='utf-8') as f:
            spec = json.load(f) if path.endswith('.json') else yaml.safe_load(f)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as err:
        raise ValueError(f'{path}: cannot read the layout file ({err})') from None
    try:
        return Layout.from_dict(spec)
    except ValueError as err:
        raise ValueError(f'{path}: {err}') from None


def get_layout(layout: LayoutLike) -> Layout:
    """The layout ``layout`` names: a :class:`Layout` as it is, a built-in name from
    :data:`LAYOUTS`, a path to a layout file (see :func:`load_layout`), or a dict with at least
    ``{num_node, inward, center}`` (see :class:`Layout` for the anatomy keys)."""
    if isinstance(layout, Layout):
        return layout
    if isinstance(layout, dict):
        return Layout.from_dict(layout)
    if isinstance(layout, str) and layout in LAYOUTS:
        return LAYOUTS[layout]
    if isinstance(layout, str) and layout.endswith(FILE_SUFFIXES):
        if not os.path.isfile(layout):
            raise ValueError(f'{layout}: no such layout file')
        return load_layout(layout)
    raise ValueError(f'unknown layout {layout!r}; valid layouts: {sorted(LAYOUTS)}, a '
                     f'{"/".join(FILE_SUFFIXES)} layout file or a dict {{num_node, inward, '
                     f'center, ...}}')


"""Skeleton layouts as data, shared by the model (adjacency), the transforms (bones,
normalisation, flips, score channel) and the converters (joint counts)."""
from .builtin import LAYOUTS
from .layout import Edge, Layout
from .lookup import FILE_SUFFIXES, LayoutLike, get_layout, load_layout

__all__ = ['Edge', 'Layout', 'LayoutLike', 'LAYOUTS', 'FILE_SUFFIXES', 'get_layout',
           'load_layout']

"""Skeleton backbones, registered in ``MODELS``: ``STGCN``, ``AAGCN``, ``AGCN``."""
from .aagcn import AAGCN, AGCN
from .stgcn import STGCN

__all__ = ['AAGCN', 'AGCN', 'STGCN']

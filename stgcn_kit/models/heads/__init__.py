"""Classification heads, registered in ``MODELS``: ``GCNHead``."""
from .gcn_head import GCNHead

__all__ = ['GCNHead']

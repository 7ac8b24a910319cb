"""Classification heads, registered in ``MODELS``: ``GCNHead``, ``I3DHead``."""
from .gcn_head import GCNHead
from .i3d_head import I3DHead

__all__ = ['GCNHead', 'I3DHead']

"""Graph and temporal convolution units, named and parameterised as in PYSKL."""
from .graph_conv import graph_conv
from .mstcn import mstcn
from .unit_aagcn import unit_aagcn
from .unit_gcn import unit_gcn
from .unit_tcn import unit_tcn

__all__ = ['graph_conv', 'mstcn', 'unit_aagcn', 'unit_gcn', 'unit_tcn']

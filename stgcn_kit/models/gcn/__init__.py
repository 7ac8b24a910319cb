"""Graph and temporal convolution units and the block built of them, named and parameterised
as in PYSKL, written as the math (their fast forms: :mod:`stgcn_kit.models.fast`)."""
from .dggcn import dggcn
from .dgmstcn import dgmstcn
from .g3d import MSG3DBlock, MW_MSG3DBlock
from .gcn_block import GCNBlock
from .msg3d_tcn import MSTCN
from .msgcn import MSGCN, ST_MSGCN
from .mstcn import mstcn
from .unit_aagcn import unit_aagcn
from .unit_ctrgcn import CTRGC, unit_ctrgcn
from .unit_gcn import unit_gcn
from .unit_localgcn import unit_localgcn
from .unit_tcn import residual_path, unit_tcn

__all__ = ['CTRGC', 'GCNBlock', 'MSG3DBlock', 'MSGCN', 'MSTCN', 'MW_MSG3DBlock', 'ST_MSGCN',
           'dggcn', 'dgmstcn', 'mstcn', 'residual_path', 'unit_aagcn', 'unit_ctrgcn', 'unit_gcn',
           'unit_localgcn', 'unit_tcn']

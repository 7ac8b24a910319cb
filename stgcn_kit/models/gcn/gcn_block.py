"""One spatial-temporal block: graph unit, temporal unit, block residual, ReLU."""
from typing import Type

import torch
from torch import nn

from .dgmstcn import dgmstcn
from .mstcn import mstcn
from .unit_tcn import residual_path, unit_tcn

TCN_TYPES = {'unit_tcn': unit_tcn, 'mstcn': mstcn, 'dgmstcn': dgmstcn}


class GCNBlock(nn.Module):
    """``ReLU(tcn(gcn(x)) + residual(x))``, as PYSKL's ``STGCNBlock``, ``AAGCNBlock`` and
    ``DGBlock``.

    Keyword arguments prefixed ``gcn_`` go to the graph unit and ``tcn_`` to the temporal unit,
    e.g. ``gcn_adaptive='init'``, ``tcn_type='mstcn'``, ``tcn_dropout=0.1``.

    Args:
        gcn_unit: the graph unit class (``unit_gcn``, ``unit_aagcn`` or ``dggcn``).
        in_channels: ``C_in``.
        out_channels: ``C_out``.
        A: ``(K, V, V)`` adjacency stack.
        stride: temporal stride of the temporal unit and of the residual.
        residual: add the block residual: identity when the shape is kept, else a strided
            1x1 :class:`unit_tcn`.
    """

    def __init__(self, gcn_unit: Type[nn.Module], in_channels: int, out_channels: int,
                 A: torch.Tensor, stride: int = 1, residual: bool = True, **kwargs) -> None:
        super().__init__()
        gcn_kwargs = {k[4:]: v for k, v in kwargs.items() if k.startswith('gcn_')}
        tcn_kwargs = {k[4:]: v for k, v in kwargs.items() if k.startswith('tcn_')}
        unknown = sorted(set(kwargs) - {f'gcn_{k}' for k in gcn_kwargs}
                         - {f'tcn_{k}' for k in tcn_kwargs})
        if unknown:
            raise ValueError(f'unknown block arguments {unknown}: per-unit arguments take a '
                             "'gcn_' or 'tcn_' prefix")
        gcn_type = gcn_kwargs.pop('type', gcn_unit.__name__)
        if gcn_type != gcn_unit.__name__:
            raise ValueError(f'gcn_type {gcn_type!r} is not available here; this backbone '
                             f'uses {gcn_unit.__name__!r}')
        tcn_type = tcn_kwargs.pop('type', 'unit_tcn')
        if tcn_type not in TCN_TYPES:
            raise ValueError(f'unknown tcn_type {tcn_type!r}; valid: {sorted(TCN_TYPES)}')
        self.gcn = gcn_unit(in_channels, out_channels, A, **gcn_kwargs)
        if tcn_type == 'unit_tcn':
            self.tcn = unit_tcn(out_channels, out_channels, 9, stride=stride, **tcn_kwargs)
        else:
            self.tcn = TCN_TYPES[tcn_type](out_channels, out_channels, stride=stride,
                                           **tcn_kwargs)
        self.relu = nn.ReLU(inplace=True)
        self.residual = residual_path(in_channels, out_channels, stride, residual)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, V)`` -> ``(N, C_out, ceil(T / stride), V)``."""
        res = 0 if self.residual is None else self.residual(x)
        return self.relu(self.tcn(self.gcn(x)) + res)

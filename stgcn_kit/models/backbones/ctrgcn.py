"""CTR-GCN (Chen et al., ICCV 2021) as PYSKL ships it (PYSKL's ``CTRGCN``)."""
from typing import Optional, Sequence

import torch
from torch import nn

from ...registry import MODELS
from ..gcn import MSTCN, residual_path, unit_ctrgcn
from .base_gcn import SkeletonGCN


class CTRGCNBlock(nn.Module):
    """``ReLU(MSTCN(unit_ctrgcn(x)) + residual(x))``, the temporal unit without its own residual.

    Args:
        in_channels: ``C_in``.
        out_channels: ``C_out``.
        A: ``(K, V, V)`` adjacency stack.
        stride: temporal stride of the temporal unit and of the residual.
        residual: add the block residual: identity when the shape is kept, else a strided
            1x1 :class:`unit_tcn`.
        kernel_size: temporal kernel of the :class:`MSTCN` branches.
        dilations: dilations of the :class:`MSTCN` branches.
        tcn_dropout: dropout at the end of the temporal unit.
    """

    def __init__(self, in_channels: int, out_channels: int, A: torch.Tensor, stride: int = 1,
                 residual: bool = True, kernel_size: int = 5, dilations: Sequence[int] = (1, 2),
                 tcn_dropout: float = 0.) -> None:
        super().__init__()
        self.gcn1 = unit_ctrgcn(in_channels, out_channels, A)
        self.tcn1 = MSTCN(out_channels, out_channels, kernel_size=kernel_size, stride=stride,
                          dilations=dilations, residual=False, tcn_dropout=tcn_dropout)
        self.relu = nn.ReLU(inplace=True)
        self.residual = residual_path(in_channels, out_channels, stride, residual)

    def init_weights(self) -> None:
        """PYSKL's initialisation of both units."""
        self.tcn1.init_weights()
        self.gcn1.init_weights()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, V)`` -> ``(N, C_out, ceil(T / stride), V)``."""
        res = 0 if self.residual is None else self.residual(x)
        return self.relu(self.tcn1(self.gcn1(x)) + res)


@MODELS.register_module()
class CTRGCN(SkeletonGCN):
    """The CTR-GCN backbone: ``num_stages`` :class:`CTRGCNBlock`, the first mapping
    ``in_channels`` to ``base_channels`` without residual, the width doubling at
    ``inflate_stages`` and ``T`` halving at ``down_stages``; input BN per (person slot, joint,
    channel).

    Parameter and buffer names equal PYSKL's (the graph is kept as buffer ``A`` because PYSKL's
    checkpoints hold it), so its checkpoints load with ``strict=True``.

    Args:
        graph_cfg: arguments of :class:`~stgcn_kit.models.graph.Graph`.
        in_channels: ``C`` of the input.
        base_channels: width of stage 1.
        num_stages: number of stages.
        inflate_stages: 1-based stages that double the width.
        down_stages: 1-based stages with temporal stride 2.
        num_person: ``M``.
        impl: ``'fast'`` (default: the graph units as
            :class:`~stgcn_kit.models.fast.units.FastUnitCTRGCN`) or ``'plain'`` (PYSKL's code
            paths), see :meth:`~.base_gcn.SkeletonGCN.use_impl`.
        fast_channels_last: with ``impl='fast'``, run the blocks channels-last on the CPU.
        init_cfg: mmengine initialisation config (e.g. ``Pretrained``), applied after PYSKL's
            initialisation.
        **kwargs: :class:`CTRGCNBlock` arguments (``kernel_size``, ``dilations``,
            ``tcn_dropout``; stage 1 gets no ``tcn_dropout``).

    Input ``(N, M, T, V, C)``, output ``(N, M, C_out, T_out, V)``.
    """

    def __init__(self, graph_cfg: dict, in_channels: int = 3, base_channels: int = 64,
                 num_stages: int = 10, inflate_stages: Sequence[int] = (5, 8),
                 down_stages: Sequence[int] = (5, 8), num_person: int = 2, impl: str = 'fast',
                 fast_channels_last: bool = True, init_cfg: Optional[dict] = None,
                 **kwargs) -> None:
        super().__init__(graph_cfg, in_channels, 'MVC', num_person, init_cfg)
        A = torch.tensor(self.graph.A, dtype=torch.float32)
        self.register_buffer('A', A)
        self.base_channels = base_channels
        first_kwargs = {k: v for k, v in kwargs.items() if k != 'tcn_dropout'}
        blocks = [CTRGCNBlock(in_channels, base_channels, A, residual=False, **first_kwargs)]
        width = base_channels
        for stage in range(2, num_stages + 1):
            out_width = width * (1 + (stage in inflate_stages))
            blocks.append(CTRGCNBlock(width, out_width, A, stride=1 + (stage in down_stages),
                                      **kwargs))
            width = out_width
        self.net = nn.ModuleList(blocks)
        self.out_channels = width
        self.use_impl(impl, fast_channels_last, self.net)

    def init_weights(self) -> None:
        """PYSKL's initialisation of every block, then ``init_cfg`` (e.g. a checkpoint)."""
        for block in self.net:
            block.init_weights()
        super().init_weights()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, M, T, V, C)`` -> ``(N, M, C_out, T_out, V)``."""
        return self.forward_blocks(x, self.net)

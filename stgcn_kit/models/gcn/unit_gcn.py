"""The ST-GCN graph convolution unit (PYSKL's ``unit_gcn``)."""
from typing import Optional

import torch
from torch import nn

ADAPTIVE_MODES = (None, 'importance', 'offset', 'init')


class unit_gcn(nn.Module):  # noqa: N801 -- PYSKL's name, kept so configs and state dicts port
    """Spatial graph convolution ``sum_k W_k · x · A_k``, BN, optional residual, ReLU.

    Args:
        in_channels: ``C_in``.
        out_channels: ``C_out``.
        A: ``(K, V, V)`` adjacency stack.
        adaptive: how the graph learns. ``'importance'``: ``A * PA`` with ``PA`` initialised to
            ones (the ST-GCN paper's edge importance); ``'offset'``: ``A + PA`` with ``PA`` near
            zero; ``'init'``: ``A`` itself is a parameter (ST-GCN++); ``None``: fixed ``A``.
        conv_pos: ``'pre'``: the 1x1 convolution has ``K * C_out`` outputs whose bias is added
            before the graph product (ST-GCN); ``'post'``: it has ``K * C_in`` inputs and its
            bias is added after.
        with_res: add a residual inside the unit (a 1x1 conv + BN when the channels change).
    """

    def __init__(self, in_channels: int, out_channels: int, A: torch.Tensor,
                 adaptive: Optional[str] = 'importance', conv_pos: str = 'pre',
                 with_res: bool = False) -> None:
        super().__init__()
        if adaptive not in ADAPTIVE_MODES:
            raise ValueError(f'unit_gcn: adaptive must be one of {ADAPTIVE_MODES}, '
                             f'got {adaptive!r}')
        if conv_pos not in ('pre', 'post'):
            raise ValueError(f"unit_gcn: conv_pos must be 'pre' or 'post', got {conv_pos!r}")
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.num_subsets = A.size(0)
        self.adaptive = adaptive
        self.conv_pos = conv_pos
        self.with_res = with_res
        A = A.clone().float()
        if adaptive == 'init':
            self.A = nn.Parameter(A)
        else:
            self.register_buffer('A', A)
        if adaptive == 'importance':
            self.PA = nn.Parameter(torch.ones_like(A))
        elif adaptive == 'offset':
            self.PA = nn.Parameter(torch.empty_like(A).uniform_(-1e-6, 1e-6))
        if conv_pos == 'pre':
            self.conv = nn.Conv2d(in_channels, out_channels * self.num_subsets, 1)
        else:
            self.conv = nn.Conv2d(in_channels * self.num_subsets, out_channels, 1)
        self.bn = nn.BatchNorm2d(out_channels)
        self.act = nn.ReLU(inplace=True)
        if with_res and in_channels != out_channels:
            self.down = nn.Sequential(nn.Conv2d(in_channels, out_channels, 1),
                                      nn.BatchNorm2d(out_channels))
        elif with_res:
            self.down = nn.Identity()

    def graph(self) -> torch.Tensor:
        """The effective ``(K, V, V)`` adjacency."""
        if self.adaptive == 'importance':
            return self.A * self.PA
        if self.adaptive == 'offset':
            return self.A + self.PA
        return self.A

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, V)`` -> ``(N, C_out, T, V)``."""
        n, _, t, v = x.shape
        res = self.down(x) if self.with_res else 0
        A = self.graph()
        if self.conv_pos == 'pre':
            x = self.conv(x).view(n, self.num_subsets, -1, t, v)
            x = torch.einsum('nkctv,kvw->nctw', x, A).contiguous()
        else:
            x = torch.einsum('nctv,kvw->nkctw', x, A).contiguous().view(n, -1, t, v)
            x = self.conv(x)
        return self.act(self.bn(x) + res)

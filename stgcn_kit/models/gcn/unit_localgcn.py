"""The ST-GCN paper's "local convolution": a graph convolution whose weights are not shared
across neighbours."""
import math
from typing import Optional

import torch
from torch import nn


class unit_localgcn(nn.Module):  # noqa: N801 -- named like the units it stands beside
    """``y_w = sum_v a_vw W_vw x_v + b`` over the neighbourhood of each joint ``w``, BN, ReLU.

    Every (neighbour ``v``, joint ``w``) pair of the graph, ``w`` itself included, has its own
    ``C_out x C_in`` weight ``W_vw``: a locally connected layer on the skeleton, the baseline
    against which the ST-GCN paper (Table 1, "Local Convolution") measures its shared,
    partitioned weights. ``a_vw`` is the fixed entry of the summed adjacency stack, so the
    input scale matches :class:`unit_gcn`'s on the same graph.

    Args:
        in_channels: ``C_in``.
        out_channels: ``C_out``.
        A: ``(K, V, V)`` adjacency stack; its sum's nonzero entries are the pairs.
        adaptive: only ``None``: a pair's own weight leaves no role to edge importance.
    """

    def __init__(self, in_channels: int, out_channels: int, A: torch.Tensor,
                 adaptive: Optional[str] = None) -> None:
        super().__init__()
        if adaptive is not None:
            raise ValueError(f'unit_localgcn learns a weight per joint pair and takes no '
                             f'adaptive graph; set gcn_adaptive=None (got {adaptive!r})')
        adj = A.float().sum(0)
        src, dst = torch.nonzero(adj, as_tuple=True)
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.register_buffer('src', src)
        self.register_buffer('dst', dst)
        self.register_buffer('scale', adj[src, dst])
        # each pair's weight drawn as a 1x1 convolution's default would be
        bound = 1 / math.sqrt(in_channels)
        self.weight = nn.Parameter(
            torch.empty(len(src), out_channels, in_channels).uniform_(-bound, bound))
        self.bias = nn.Parameter(torch.empty(out_channels).uniform_(-bound, bound))
        self.bn = nn.BatchNorm2d(out_channels)
        self.act = nn.ReLU(inplace=True)

    def aggregate(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, V)`` -> ``(N, C_out, T, V)``, before BN and ReLU."""
        n, _, t, v = x.shape
        pairs = torch.einsum('nctp,pdc->ndtp', x[..., self.src], self.weight) * self.scale
        out = x.new_zeros(n, self.out_channels, t, v).index_add_(3, self.dst, pairs)
        return out + self.bias[:, None, None]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, V)`` -> ``(N, C_out, T, V)``."""
        return self.act(self.bn(self.aggregate(x)))

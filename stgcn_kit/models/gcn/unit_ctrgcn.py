"""CTR-GCN's channel-wise topology refinement graph convolution (Chen et al., ICCV 2021)."""
from typing import Union

import torch
from torch import nn

from .init_func import kaiming_conv_init


class CTRGC(nn.Module):
    """One partition's channel-wise refined graph, applied to a projection of the input.

    With ``φ1 = conv1``, ``φ2 = conv2`` (``C_in -> R``) averaged over the frames,
    ``M[n, r, u, v] = tanh(φ1(x)[n, r, u] - φ2(x)[n, r, v])`` is refined to ``C_out`` channels
    by ``conv4`` and added to the shared graph: ``G[n, c] = alpha · conv4(M)[n, c] + A``; the
    output is ``y[n, c, t, v] = sum_u G[n, c, u, v] · conv3(x)[n, c, t, u]``.

    Args:
        in_channels: ``C_in``.
        out_channels: ``C_out``.
        rel_reduction: ``R = C_in // rel_reduction`` (``R = 8`` for ``C_in <= 16``).
    """

    def __init__(self, in_channels: int, out_channels: int, rel_reduction: int = 8) -> None:
        super().__init__()
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.rel_channels = 8 if in_channels <= 16 else in_channels // rel_reduction
        self.conv1 = nn.Conv2d(in_channels, self.rel_channels, 1)
        self.conv2 = nn.Conv2d(in_channels, self.rel_channels, 1)
        self.conv3 = nn.Conv2d(in_channels, out_channels, 1)
        self.conv4 = nn.Conv2d(self.rel_channels, out_channels, 1)
        kaiming_conv_init(self)

    def forward(self, x: torch.Tensor, A: torch.Tensor,
                alpha: Union[torch.Tensor, float] = 1.) -> torch.Tensor:
        """``x`` ``(N, C_in, T, V)``, ``A`` ``(V, V)`` -> ``(N, C_out, T, V)``."""
        phi1 = self.conv1(x).mean(-2)  # (N, R, V)
        phi2 = self.conv2(x).mean(-2)
        rel = torch.tanh(phi1.unsqueeze(-1) - phi2.unsqueeze(-2))  # (N, R, V, V)
        graph = self.conv4(rel) * alpha + A  # (N, C_out, V, V)
        return torch.einsum('ncuv,nctu->nctv', graph, self.conv3(x))


class unit_ctrgcn(nn.Module):  # noqa: N801 -- PYSKL's name, kept so configs and state dicts port
    """``ReLU(BN(sum_k CTRGC_k(x, A_k, alpha)) + down(x))``, ``A`` a parameter initialised to
    the graph and ``alpha`` a scalar initialised to 0 (each partition starts as ``A_k``).

    Args:
        in_channels: ``C_in``.
        out_channels: ``C_out``.
        A: ``(K, V, V)`` adjacency stack.
    """

    def __init__(self, in_channels: int, out_channels: int, A: torch.Tensor) -> None:
        super().__init__()
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.num_subset = A.size(0)
        self.convs = nn.ModuleList(CTRGC(in_channels, out_channels)
                                   for _ in range(self.num_subset))
        if in_channels != out_channels:
            self.down = nn.Sequential(nn.Conv2d(in_channels, out_channels, 1),
                                      nn.BatchNorm2d(out_channels))
        else:
            self.down = nn.Identity()
        self.A = nn.Parameter(A.clone().float())
        self.alpha = nn.Parameter(torch.zeros(1))
        self.bn = nn.BatchNorm2d(out_channels)
        self.relu = nn.ReLU(inplace=True)

    def init_weights(self) -> None:
        """PYSKL's: Kaiming convolutions and the output BN's weight at ``1e-6``, so the unit
        starts close to its residual path."""
        kaiming_conv_init(self)
        nn.init.constant_(self.bn.weight, 1e-6)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, V)`` -> ``(N, C_out, T, V)``."""
        y = self.convs[0](x, self.A[0], self.alpha)
        for k in range(1, self.num_subset):
            y = y + self.convs[k](x, self.A[k], self.alpha)
        return self.relu(self.bn(y) + self.down(x))

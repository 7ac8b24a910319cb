"""MS-G3D's multi-scale disentangled graph convolution (Liu et al., CVPR 2020; PYSKL's
``MSGCN`` and ``ST_MSGCN``)."""
from typing import Optional, Sequence

import numpy as np
import torch
from torch import nn

from ..graph import k_adjacency, normalize_digraph


class MLP(nn.Module):
    """``[dropout ->] conv 1x1 -> BN [-> ReLU]`` per width in ``out_channels``.

    Args:
        in_channels: ``C_in``.
        out_channels: the width of each layer.
        activation: end each layer with a ReLU.
        dropout: dropout probability before each layer (none below ``1e-3``, as PYSKL).
    """

    def __init__(self, in_channels: int, out_channels: Sequence[int], activation: bool = True,
                 dropout: float = 0.) -> None:
        super().__init__()
        channels = [in_channels, *out_channels]
        layers = []
        for c_in, c_out in zip(channels[:-1], channels[1:]):
            if dropout > 1e-3:
                layers.append(nn.Dropout(dropout))
            layers += [nn.Conv2d(c_in, c_out, 1), nn.BatchNorm2d(c_out)]
            if activation:
                layers.append(nn.ReLU())
        self.layers = nn.ModuleList(layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, V)`` -> ``(N, C_out, T, V)``."""
        for layer in self.layers:
            x = layer(x)
        return x


def disentangled_scales(adj: np.ndarray, num_scales: int) -> np.ndarray:
    """``(num_scales, V, V)``: scale ``k`` joins the joints exactly ``k`` hops apart over
    ``adj`` plus each joint to itself, column-normalised."""
    return np.stack([normalize_digraph(k_adjacency(adj, k, with_self=True))
                     for k in range(num_scales)])


class MSGCN(nn.Module):
    """``MLP(concat_k x · (A_k + PA_k))``: every scale ``k`` of :func:`disentangled_scales`
    aggregates its own neighbours, ``PA`` a learned offset initialised near zero, and one 1x1
    MLP mixes the ``num_scales · C_in`` channels.

    Args:
        num_scales: the number of scales ``K`` (hops ``0 .. K-1``).
        in_channels: ``C_in``.
        out_channels: ``C_out``.
        A: ``(V, V)`` symmetric 0/1 adjacency.
        dropout: dropout before the MLP's convolution.
    """

    def __init__(self, num_scales: int, in_channels: int, out_channels: int,
                 A: torch.Tensor, dropout: float = 0.) -> None:
        super().__init__()
        self.num_scales = num_scales
        scales = disentangled_scales(np.asarray(A, dtype=np.float32), num_scales)
        self.register_buffer('A', torch.tensor(scales, dtype=torch.float32))
        self.PA = nn.Parameter(torch.empty_like(self.A).uniform_(-1e-6, 1e-6))
        self.mlp = MLP(in_channels * num_scales, [out_channels], dropout=dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, V)`` -> ``(N, C_out, T, V)``."""
        n, c, t, v = x.shape
        support = torch.einsum('kvu,nctv->nkctu', self.A + self.PA, x)
        return self.mlp(support.reshape(n, self.num_scales * c, t, v))


class ST_MSGCN(MSGCN):  # noqa: N801 -- PYSKL's name
    """:class:`MSGCN` over a window of ``window_size`` frames taken as one graph of
    ``window_size · V`` joints (G3D): every joint is joined to itself and its neighbours in every
    frame of the window, then ``ReLU(MSGCN(x) + residual(x))``.

    Args:
        in_channels: ``C_in``.
        out_channels: ``C_out``.
        A: ``(V, V)`` symmetric 0/1 adjacency.
        num_scales: the number of scales ``K``.
        window_size: frames per window.
        residual: add a residual: identity when the width is kept, else a 1x1 conv + BN.
        dropout: dropout before the MLP's convolution.
    """

    def __init__(self, in_channels: int, out_channels: int, A: torch.Tensor, num_scales: int,
                 window_size: int, residual: bool = False, dropout: float = 0.) -> None:
        adj = np.asarray(A, dtype=np.float32)
        window_graph = np.tile(adj + np.eye(len(adj), dtype=adj.dtype),
                               (window_size, window_size))
        super().__init__(num_scales, in_channels, out_channels, window_graph, dropout)
        self.window_size = window_size
        self.V = len(window_graph)
        self.residual: Optional[nn.Module]
        if not residual:
            self.residual = None
        elif in_channels == out_channels:
            self.residual = nn.Identity()
        else:
            self.residual = MLP(in_channels, [out_channels], activation=False)
        self.act = nn.ReLU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T_w, window_size · V)`` -> ``(N, C_out, T_w, window_size · V)``."""
        out = super().forward(x)
        # PYSKL adds the residual in place to the MLP's ReLU output, which autograd refuses
        # (ReLU's backward reads that output); the out-of-place sum is the same function
        if self.residual is not None:
            out = out + self.residual(x)
        return self.act(out)

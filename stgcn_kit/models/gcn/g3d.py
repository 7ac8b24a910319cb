"""MS-G3D's unified spatial-temporal graph convolution over sliding windows (PYSKL's
``MSG3DBlock`` and ``MW_MSG3DBlock``)."""
from typing import Sequence

import torch
from torch import nn

from .msgcn import MLP, ST_MSGCN


class UnfoldTemporalWindows(nn.Module):
    """Sliding windows of frames laid side by side on the joint axis.

    ``(N, C, T, V)`` -> ``(N, C, T_w, window_size · V)``: window ``i`` holds frames
    ``i · stride + j · dilation - pad`` for ``j < window_size`` (zeros outside), ``pad`` keeping
    ``T_w = ceil(T / stride)`` for odd windows.

    Args:
        window_size: frames per window.
        window_stride: frames between window starts.
        window_dilation: frames between a window's members.
    """

    def __init__(self, window_size: int, window_stride: int, window_dilation: int = 1) -> None:
        super().__init__()
        self.window_size = window_size
        self.window_stride = window_stride
        self.window_dilation = window_dilation
        self.padding = (window_size + (window_size - 1) * (window_dilation - 1) - 1) // 2
        self.unfold = nn.Unfold(kernel_size=(window_size, 1), dilation=(window_dilation, 1),
                                stride=(window_stride, 1), padding=(self.padding, 0))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n, c, _, v = x.shape
        x = self.unfold(x).view(n, c, self.window_size, -1, v)  # (N, C, window, T_w, V)
        return x.transpose(2, 3).reshape(n, c, -1, self.window_size * v)


class MSG3DBlock(nn.Module):
    """One G3D pathway: optional 1x1 embedding, :class:`ST_MSGCN` over the windows, a
    ``(1, window_size, 1)`` 3-D convolution collapsing each window to one frame, BN (no
    activation).

    The graph convolution keeps the width and the collapse changes it, except in the first
    block of a network (``first``), which widens right away.

    Args:
        in_channels: ``C_in``.
        out_channels: ``C_out``.
        A: ``(V, V)`` symmetric 0/1 adjacency.
        num_scales: scales of the window graph.
        window_size: frames per window.
        window_stride: temporal stride.
        window_dilation: frames between a window's members.
        embed_factor: with ``> 1``, embed the input into ``C_out // embed_factor`` channels.
        first: the first block of the network (PYSKL's ``in_channels == 3``).
    """

    def __init__(self, in_channels: int, out_channels: int, A: torch.Tensor, num_scales: int,
                 window_size: int, window_stride: int, window_dilation: int,
                 embed_factor: int = 1, first: bool = False) -> None:
        super().__init__()
        self.window_size = window_size
        self.out_channels = out_channels
        if embed_factor == 1:
            self.in1x1 = nn.Identity()
            self.embed_channels_in = in_channels
            self.embed_channels_out = out_channels if first else in_channels
        else:
            self.embed_channels_in = self.embed_channels_out = out_channels // embed_factor
            self.in1x1 = MLP(in_channels, [self.embed_channels_in])
        self.gcn3d = nn.Sequential(
            UnfoldTemporalWindows(window_size, window_stride, window_dilation),
            ST_MSGCN(self.embed_channels_in, self.embed_channels_out, A, num_scales, window_size))
        self.out_conv = nn.Conv3d(self.embed_channels_out, out_channels,
                                  kernel_size=(1, window_size, 1))
        self.out_bn = nn.BatchNorm2d(out_channels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, V)`` -> ``(N, C_out, ceil(T / window_stride), V)``."""
        n, _, _, v = x.shape
        x = self.gcn3d(self.in1x1(x))
        x = x.reshape(n, self.embed_channels_out, -1, self.window_size, v)
        return self.out_bn(self.out_conv(x).squeeze(3))


class MW_MSG3DBlock(nn.Module):  # noqa: N801 -- PYSKL's name
    """The sum of :class:`MSG3DBlock` pathways of several window sizes.

    Args:
        in_channels: ``C_in``.
        out_channels: ``C_out``.
        A: ``(V, V)`` symmetric 0/1 adjacency.
        num_scales: scales of the window graphs.
        window_sizes: one pathway per window size.
        window_stride: temporal stride.
        window_dilations: one per window size.
        first: the first block of the network (see :class:`MSG3DBlock`).
    """

    def __init__(self, in_channels: int, out_channels: int, A: torch.Tensor, num_scales: int,
                 window_sizes: Sequence[int] = (3, 5), window_stride: int = 1,
                 window_dilations: Sequence[int] = (1, 1), first: bool = False) -> None:
        super().__init__()
        self.gcn3d = nn.ModuleList(
            MSG3DBlock(in_channels, out_channels, A, num_scales, size, window_stride, dilation,
                       first=first)
            for size, dilation in zip(window_sizes, window_dilations))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, V)`` -> ``(N, C_out, ceil(T / window_stride), V)``."""
        return sum(pathway(x) for pathway in self.gcn3d)

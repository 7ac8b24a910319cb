"""The temporal convolution unit: a ``(kernel, 1)`` convolution over frames, BN, dropout."""
from typing import Optional

import torch
from torch import nn


class unit_tcn(nn.Module):  # noqa: N801 -- PYSKL's name, kept so configs and state dicts port
    """Temporal convolution ``conv(k, 1) -> BN -> dropout``, padded to keep ``T`` at stride 1.

    Args:
        in_channels: ``C_in``.
        out_channels: ``C_out``.
        kernel_size: temporal kernel length.
        stride: temporal stride.
        dilation: temporal dilation.
        norm: ``'BN'``, or ``None`` for no normalisation (used inside :class:`mstcn` branches).
        dropout: dropout probability after the normalisation.
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int = 9, stride: int = 1,
                 dilation: int = 1, norm: str = 'BN', dropout: float = 0.) -> None:
        super().__init__()
        if norm not in ('BN', None):
            raise ValueError(f"unit_tcn: norm must be 'BN' or None, got {norm!r}")
        pad = (kernel_size - 1) * dilation // 2
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size=(kernel_size, 1),
                              padding=(pad, 0), stride=(stride, 1), dilation=(dilation, 1))
        self.bn = nn.BatchNorm2d(out_channels) if norm == 'BN' else nn.Identity()
        self.drop = nn.Dropout(dropout)
        self.stride = stride

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, V)`` -> ``(N, C_out, ceil(T / stride), V)``."""
        return self.drop(self.bn(self.conv(x)))


def residual_path(in_channels: int, out_channels: int, stride: int,
                  residual: bool = True) -> Optional[nn.Module]:
    """A block's residual branch, as PYSKL's blocks choose it: ``None`` without one, the
    identity where the shape is kept, else a strided 1x1 :class:`unit_tcn` (``(N, C_in, T, V)``
    -> ``(N, C_out, ceil(T / stride), V)``)."""
    if not residual:
        return None
    if in_channels == out_channels and stride == 1:
        return nn.Identity()
    return unit_tcn(in_channels, out_channels, kernel_size=1, stride=stride)

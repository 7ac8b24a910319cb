"""The temporal convolution unit: a ``(kernel, 1)`` convolution over frames, BN, dropout."""
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
        self.subsample = presubsample(in_channels, kernel_size, stride)
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size=(kernel_size, 1),
                              padding=(pad, 0), stride=(stride // self.subsample, 1),
                              dilation=(dilation, 1))
        self.bn = nn.BatchNorm2d(out_channels) if norm == 'BN' else nn.Identity()
        self.drop = nn.Dropout(dropout)
        self.stride = stride

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, V)`` -> ``(N, C_out, ceil(T / stride), V)``."""
        return self.drop(self.bn(self.conv(subsample_frames(x, self.subsample))))


def presubsample(in_channels: int, kernel_size: int, stride: int) -> int:
    """The temporal stride to take with :func:`subsample_frames` before a ``(kernel_size, 1)``
    convolution of ``in_channels`` inputs, which then strides by ``stride // presubsample(...)``.

    ``stride`` for 1x1 convolutions of fewer than 16 input channels, else 1. oneDNN's AVX-512
    weight-gradient kernel for strided 1x1 convolutions crashes (segmentation fault; torch 2.13
    on an AMD Zen 4 CPU) on channels-last inputs of 4 or 8 channels (12 and more ran), which the
    channels-last CPU path feeds it in narrow models. Slicing first gives the same numbers but
    was slower at real widths (64 -> 128 channels, 32 x 100 frames, forward and backward, one
    thread: 111 against 72 ms), hence only for narrow inputs.
    """
    return stride if kernel_size == 1 and in_channels < 16 else 1


def subsample_frames(x: torch.Tensor, stride: int) -> torch.Tensor:
    """Every ``stride``-th frame of ``(N, C, T, V)``: ``(N, C, ceil(T / stride), V)``, a view."""
    return x if stride == 1 else x[:, :, ::stride]

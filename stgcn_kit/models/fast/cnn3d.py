"""The PoseC3D backbones' conv + BN + activation units computed faster, same parameters and math.

What ``impl='fast'`` of :class:`~stgcn_kit.models.backbones.X3D`, ``C3D`` and ``ResNet3d``
changes (each tested equal to ``impl='plain'`` in float64, forward and gradients):

- on the CPU the activations are channels-last (``torch.channels_last_3d``,
  :func:`channels_last_on_cpu`): oneDNN's 3D convolutions, its depthwise ones above all, take
  that layout without reordering; average pooling keeps it (:func:`avg_pool3d`);
- unstrided 1x1x1 convolutions of channels-last activations are matrix products over the rows
  (:func:`pointwise_conv3d`), other float32 convolutions on the CPU always run oneDNN's kernels
  (:func:`~.depthwise3d.conv3d`);
- channel-wise convolutions (X3D's) compute their input gradient with the forward kernel
  (:func:`~.depthwise3d.depthwise_conv3d`);
- an eval-mode BatchNorm (inference, or ``norm_eval`` training) is folded into the convolution's
  weight and bias on every call, ``BN(W x) = (s W) x + (beta - s mean)`` with
  ``s = gamma / sqrt(var + eps)``: one pass over the activations fewer, gradients still reach
  ``gamma`` and ``beta``; a training-mode BN runs as it is.
"""
from typing import Optional, Tuple

import torch
import torch.nn.functional as F
from mmcv.cnn import ConvModule
from torch import nn

from .depthwise3d import conv3d, depthwise_conv3d, is_depthwise, is_traced


def channels_last_on_cpu(x: torch.Tensor) -> torch.Tensor:
    """``x`` ``(N, C, T, H, W)`` stored channels-last on the CPU; other devices, and traces (ONNX
    has no memory layouts), unchanged."""
    if x.device.type != 'cpu' or is_traced():
        return x
    return x.contiguous(memory_format=torch.channels_last_3d)


class _Contiguous(torch.autograd.Function):
    """``x.contiguous()`` whose gradient keeps the layout of ``x``."""

    @staticmethod
    def forward(ctx, x: torch.Tensor) -> torch.Tensor:
        ctx.channels_last = _is_channels_last(x)
        return x.contiguous()

    @staticmethod
    def backward(ctx, grad: torch.Tensor) -> torch.Tensor:
        if ctx.channels_last:
            return grad.contiguous(memory_format=torch.channels_last_3d)
        return grad


def contiguous_output(x: torch.Tensor) -> torch.Tensor:
    """``x`` in the contiguous layout, its gradient back in ``x``'s: a contiguous gradient
    entering the channels-last blocks would stay contiguous through their elementwise
    backward passes, and every convolution's backward would copy it back."""
    if is_traced() or not _is_channels_last(x):
        return x.contiguous()
    return _Contiguous.apply(x)


def _is_channels_last(x: torch.Tensor) -> bool:
    return x.is_contiguous(memory_format=torch.channels_last_3d) and not x.is_contiguous()


def avg_pool3d(pool: nn.AvgPool3d, x: torch.Tensor) -> torch.Tensor:
    """``pool(x)`` for ``x`` ``(N, C, T, H, W)``, channels-last in and out on the CPU.

    PyTorch's 3D average pooling copies a channels-last input to the contiguous layout and
    returns that; its 2D pooling has a channels-last kernel. So a pooling with temporal kernel
    and stride ``k`` and no temporal padding runs as 2D pooling of the ``N * T`` frames (a view
    of the channels-last tensor), then as the mean of ``k`` consecutive frames. Other poolings,
    and inputs that are not channels-last, run ``pool`` (then re-laid out on the CPU).
    """
    k, s, p = (_triple(v) for v in (pool.kernel_size, pool.stride, pool.padding))
    layout_ok = _is_channels_last(x)
    by_frames = k[0] == s[0] and p[0] == 0 and (
        k[0] == 1 or (pool.divisor_override is None and not pool.ceil_mode))
    if not (layout_ok and by_frames):
        return channels_last_on_cpu(pool(x))
    n, c, t, h, w = x.shape
    frames = x.transpose(1, 2).reshape(n * t, c, h, w)  # a view: channels-last 2D
    y = F.avg_pool2d(frames, k[1:], s[1:], p[1:], pool.ceil_mode, pool.count_include_pad,
                     pool.divisor_override)
    y = y.view(n, t, c, *y.shape[2:]).transpose(1, 2)
    if k[0] > 1:
        t_out = t // k[0]
        y = y[:, :, :t_out * k[0]].unflatten(2, (t_out, k[0])).mean(3)
    return channels_last_on_cpu(y)


def _triple(value) -> Tuple[int, int, int]:
    return tuple(value) if isinstance(value, (tuple, list)) else (value, ) * 3


def _folded(conv: nn.Conv3d, bn: nn.modules.batchnorm._BatchNorm
            ) -> Tuple[torch.Tensor, torch.Tensor]:
    """``conv``'s weight and bias with eval-mode ``bn`` folded in (differentiable)."""
    scale = torch.rsqrt(bn.running_var + bn.eps)
    if bn.weight is not None:
        scale = scale * bn.weight
    bias = -bn.running_mean * scale
    if conv.bias is not None:
        bias = bias + conv.bias * scale
    if bn.bias is not None:
        bias = bias + bn.bias
    return conv.weight * scale.view(-1, 1, 1, 1, 1), bias


def pointwise_conv3d(x: torch.Tensor, weight: torch.Tensor,
                     bias: Optional[torch.Tensor]) -> torch.Tensor:
    """A 1x1x1 stride-1 convolution of channels-last ``x`` ``(N, C, T, H, W)`` (stored ``(N, T,
    H, W, C)``) as one matrix product over its rows, ``weight`` ``(C_out, C, 1, 1, 1)``; the
    output is channels-last too. Its gradients are matrix products in the same layout, where
    PyTorch's convolution backward picks its unfold path for unstrided convolutions of small
    batches on one thread, and copies channels-last tensors to the contiguous layout and back.
    (Strided ones keep oneDNN's kernels, forward and backward.)"""
    return F.linear(x.permute(0, 2, 3, 4, 1), weight.flatten(1), bias).permute(0, 4, 1, 2, 3)


def _is_pointwise(conv: nn.Conv3d) -> bool:
    return (conv.kernel_size == (1, 1, 1) and conv.groups == 1 and conv.dilation == (1, 1, 1)
            and conv.padding in ((0, 0, 0), 'valid') and conv.stride == (1, 1, 1))


def _conv3d(conv: nn.Conv3d, x: torch.Tensor, weight: torch.Tensor,
            bias: Optional[torch.Tensor]) -> torch.Tensor:
    """``conv`` with ``weight`` and ``bias`` on ``x``, by the kernels the module doc names."""
    if _is_pointwise(conv) and _is_channels_last(x):
        return pointwise_conv3d(x, weight, bias)
    if is_depthwise(conv):
        return depthwise_conv3d(x, weight, bias, conv.stride, conv.padding)
    return conv3d(x, weight, bias, conv.stride, conv.padding, conv.dilation, conv.groups)


class FastConvModule(ConvModule):
    """mmcv's ``ConvModule`` (``Conv3d -> [BN] -> [activation]``) computed as the module doc
    says; no state of its own, so :func:`accelerate_cnn3d` switches a built one in place."""

    def forward(self, x: torch.Tensor, activate: bool = True, norm: bool = True) -> torch.Tensor:
        """``(N, C_in, T, H, W)`` -> ``(N, C_out, T', H', W')`` in ``x``'s memory layout."""
        bn = self.norm if self.with_norm and norm else None
        if bn is not None and not bn.training and bn.running_var is not None:
            out = _conv3d(self.conv, x, *_folded(self.conv, bn))
        else:
            out = _conv3d(self.conv, x, self.conv.weight, self.conv.bias)
            if bn is not None:
                out = bn(out)
        if activate and self.with_activation:
            out = self.activate(out)
        return out


def _switchable(module: nn.Module) -> bool:
    return (type(module) is ConvModule and isinstance(module.conv, nn.Conv3d)
            and module.order == ('conv', 'norm', 'act') and not module.with_explicit_padding
            and (not module.with_norm or isinstance(module.norm, nn.BatchNorm3d)))


def accelerate_cnn3d(module: nn.Module) -> nn.Module:
    """Switch every ``Conv3d -> BN3d -> activation`` ``ConvModule`` in ``module`` to
    :class:`FastConvModule`, in place; returns ``module``. State dict unchanged."""
    for unit in module.modules():
        if _switchable(unit):
            unit.__class__ = FastConvModule
    return module

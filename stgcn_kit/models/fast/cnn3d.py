"""The PoseC3D backbones' conv + BN + activation units computed faster, same parameters and math.

What ``impl='fast'`` of :class:`~stgcn_kit.models.backbones.X3D`, ``C3D`` and ``ResNet3d``
changes (each tested equal to ``impl='plain'`` in float64, forward and gradients):

- on the CPU the activations are channels-last (``torch.channels_last_3d``,
  :func:`channels_last_on_cpu`): oneDNN's 3D convolutions, its depthwise ones above all, take
  that layout without reordering;
- float32 convolutions on the CPU always run oneDNN's kernels (:func:`~.depthwise3d.conv3d`);
- channel-wise convolutions (X3D's) compute their input gradient with the forward kernel
  (:func:`~.depthwise3d.depthwise_conv3d`);
- an eval-mode BatchNorm (inference, or ``norm_eval`` training) is folded into the convolution's
  weight and bias on every call, ``BN(W x) = (s W) x + (beta - s mean)`` with
  ``s = gamma / sqrt(var + eps)``: one pass over the activations fewer, gradients still reach
  ``gamma`` and ``beta``; a training-mode BN runs as it is.
"""
from typing import Optional, Tuple

import torch
from mmcv.cnn import ConvModule
from torch import nn

from .depthwise3d import conv3d, depthwise_conv3d, is_depthwise, is_traced


def channels_last_on_cpu(x: torch.Tensor) -> torch.Tensor:
    """``x`` ``(N, C, T, H, W)`` stored channels-last on the CPU; other devices, and traces (ONNX
    has no memory layouts), unchanged."""
    if x.device.type != 'cpu' or is_traced():
        return x
    return x.contiguous(memory_format=torch.channels_last_3d)


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


def _conv3d(conv: nn.Conv3d, x: torch.Tensor, weight: torch.Tensor,
            bias: Optional[torch.Tensor]) -> torch.Tensor:
    """``conv`` with ``weight`` and ``bias`` on ``x``, by the kernels the module doc names."""
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

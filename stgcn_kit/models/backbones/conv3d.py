"""What the PoseC3D backbones share: conv + BN3d + activation units named as mmcv's
``ConvModule`` names them (``conv``, ``bn``), so PYSKL and mmaction2 checkpoints load by key,
PYSKL's initialisation, and the choice of implementation (``impl``)."""
from typing import Iterable, Optional, Sequence, Union

import torch
from mmcv.cnn import ConvModule
from mmengine.model import constant_init, kaiming_init
from torch import nn

from ..fast.cnn3d import accelerate_cnn3d, channels_last_on_cpu, contiguous_output
from .base_gcn import check_impl


def conv3d_bn(in_channels: int, out_channels: int, kernel_size, stride=1, padding=0,
              groups: int = 1, act: Optional[str] = 'ReLU', norm: bool = True) -> ConvModule:
    """``Conv3d`` (no bias) -> ``BN3d`` (when ``norm``) -> activation ``act`` (none when None)."""
    return ConvModule(in_channels, out_channels, kernel_size, stride=stride, padding=padding,
                      groups=groups, bias=False, conv_cfg=dict(type='Conv3d'),
                      norm_cfg=dict(type='BN3d') if norm else None,
                      act_cfg=dict(type=act) if act else None)


def init_cnn3d(model: nn.Module, zero_bns: Iterable[nn.Module] = ()) -> None:
    """Kaiming-normal (fan-out) convolutions, unit BatchNorm, and zero ``zero_bns`` (the last BN
    of each residual branch, so that every block starts as the identity)."""
    for m in model.modules():
        if isinstance(m, nn.Conv3d):
            kaiming_init(m)
        elif isinstance(m, nn.modules.batchnorm._BatchNorm):
            constant_init(m, 1)
    for bn in zero_bns:
        constant_init(bn, 0)


def freeze(modules: Iterable[nn.Module]) -> None:
    """Eval mode and no gradients for ``modules`` (frozen stages)."""
    for m in modules:
        m.eval()
        for p in m.parameters():
            p.requires_grad = False


def set_norm_eval(model: nn.Module) -> None:
    """Keep BatchNorm running statistics fixed during training (``norm_eval``)."""
    for m in model.modules():
        if isinstance(m, nn.modules.batchnorm._BatchNorm):
            m.eval()


def use_impl(model: nn.Module, impl: str) -> None:
    """Set ``model.impl``; with ``'fast'`` switch its units to
    :mod:`stgcn_kit.models.fast.cnn3d`'s (same state dict, same math).

    Raises:
        ValueError: ``impl`` is neither ``'fast'`` nor ``'plain'``.
    """
    check_impl(impl)
    model.impl = impl
    if impl == 'fast':
        accelerate_cnn3d(model)


def fast_input(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """The input as ``model``'s blocks take it: channels-last on the CPU with ``impl='fast'``."""
    return channels_last_on_cpu(x) if model.impl == 'fast' else x


def plain_output(outs: Union[torch.Tensor, Sequence[torch.Tensor]]
                 ) -> Union[torch.Tensor, tuple]:
    """Backbone outputs in the contiguous layout, as ``impl='plain'`` gives them (their
    gradients in the fast path's layout: :func:`~stgcn_kit.models.fast.cnn3d.contiguous_output`)."""
    if isinstance(outs, torch.Tensor):
        return contiguous_output(outs)
    return tuple(contiguous_output(o) for o in outs)

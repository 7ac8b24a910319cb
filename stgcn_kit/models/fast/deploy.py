"""Inference-only rewrites of a trained model that keep its eval-mode outputs (opt-in):
folding BatchNorms into convolutions, and computing padded persons once.

:func:`fuse_conv_bn` folds each eval-mode BatchNorm into the convolution in front of it, so
``conv -> BN`` costs one oneDNN call instead of a call and a pass over the activations:
``BN(W x + b) = (s W) x + (s (b - mean) + beta)`` with ``s = gamma / sqrt(var + eps)``.
Folded: the temporal units (``unit_tcn``, also as block residual), the ``down`` projections
of the graph units, the squeeze and output convolutions of ``mstcn`` and the BN of
``unit_aagcn`` (its ``K`` projections are summed before it). ``unit_gcn``'s BN stays: with
the bias before the graph product (``conv_pos='pre'``) its shift would become a per-joint bias
that no convolution carries. Training a folded model is wrong (the statistics are gone), so
the function refuses a model in training mode.
"""
import torch
from torch import nn

from ..gcn import mstcn, unit_aagcn, unit_tcn
from .backbone import FastForward


@torch.no_grad()
def _fold(convs, bn: nn.BatchNorm2d, shift_into: nn.Conv2d) -> None:
    """Scale every conv of ``convs`` (whose outputs are summed, then ``bn``) by BN's factor and
    put BN's shift into ``shift_into``'s bias."""
    scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
    for conv in convs:
        conv.weight.mul_(scale.view(-1, *[1] * (conv.weight.dim() - 1)))
        if conv.bias is None:
            conv.bias = nn.Parameter(torch.zeros_like(scale))
        conv.bias.mul_(scale)
    shift_into.bias.add_(bn.bias - scale * bn.running_mean)


def _fold_pair(conv: nn.Module, bn: nn.Module) -> bool:
    if isinstance(conv, nn.Conv2d) and isinstance(bn, nn.BatchNorm2d):
        _fold([conv], bn, conv)
        return True
    return False


def fuse_conv_bn(model: nn.Module) -> nn.Module:
    """Fold BatchNorms into convolutions in place (see the module doc); returns ``model``.

    Raises:
        ValueError: if ``model`` is in training mode.
    """
    if model.training:
        raise ValueError('fuse_conv_bn: call model.eval() first; folding uses the running '
                         'statistics and a folded model cannot train')
    for module in list(model.modules()):
        if isinstance(module, unit_tcn) and _fold_pair(module.conv, module.bn):
            module.bn = nn.Identity()
        elif isinstance(module, nn.Sequential) and len(module) >= 2 \
                and _fold_pair(module[0], module[1]):
            # the (conv 1x1, BN) down projections and the head of mstcn branches
            module[1] = nn.Identity()
        elif isinstance(module, mstcn) and _fold_pair(module.transform[-1], module.bn):
            module.bn = nn.Identity()
        elif isinstance(module, unit_aagcn):
            _fold(module.conv_d, module.bn, module.conv_d[0])
            module.bn = nn.Identity()
    return model


def skip_empty_persons(model: nn.Module, enabled: bool = True) -> nn.Module:
    """Let every ``impl='fast'`` backbone in ``model`` compute all-zero (padded) persons once
    per person slot in eval mode (exact; see :attr:`FastForward.skip_empty_persons`). Returns
    ``model``.

    Raises:
        ValueError: if ``model`` holds no GCN backbone (ST-GCN, AAGCN, DG-STGCN, CTR-GCN)
            with ``impl='fast'``.
    """
    forwards = [m.fast for m in model.modules()
                if isinstance(getattr(m, 'fast', None), FastForward)]
    if not forwards:
        raise ValueError("skip_empty_persons: no GCN backbone with impl='fast' in "
                         f'{type(model).__name__}')
    for forward in forwards:
        forward.skip_empty_persons = enabled
    return model

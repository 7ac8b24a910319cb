"""Opt-in int8 inference: the convolutions that run as modules (the temporal ``(9, 1)``
convolutions of :class:`unit_tcn`, the strided 1x1 block residuals, 1x1 projections inside
``nn.Sequential``) become PyTorch's static int8 convolutions; everything else stays float32.

Eager-mode static quantization (``torch.ao.quantization``): each such convolution is wrapped
as ``quantize -> int8 conv -> dequantize``; the weights are quantized per output channel
(symmetric int8), the input and output activations per tensor (uint8) with scales observed
(histogram observer) while the model runs on calibration batches. The rest of the network
(input BN, the graph products and ``unit_gcn``'s projection, which ``graph_conv`` computes from
the weight tensor rather than by calling the convolution module, AAGCN's attention, residual
adds, ReLU, the head) keeps its float32 math; between the quantized convolutions the
activations are float32, so nothing but these convolutions changes. Eager mode wraps just these
modules, so the backbones' forward (input checks, layout and padded-person branches) needs no
symbolic trace.

Quantize a model after :func:`~stgcn_kit.models.fast.deploy.fuse_conv_bn`: the BatchNorms are
then part of the convolution weights, quantized with them, and no float BN pass runs between
int8 convolutions. The result is for inference only (int8 modules have no gradients).
"""
from typing import Iterable, List, Tuple

import torch
from torch import nn
from torch.ao.quantization import (
    HistogramObserver,
    PerChannelMinMaxObserver,
    QConfig,
    QuantWrapper,
    convert,
    prepare,
)

from ..gcn import mstcn, unit_tcn
from .graph_conv import is_channels_last

#: engines whose int8 convolutions run on x86 CPUs with per-channel weights (fbgemm kernels;
#: ``'x86'`` picks between fbgemm and oneDNN per operator)
ENGINES = ('x86', 'fbgemm')


class _Int8Conv(QuantWrapper):
    """``quantize -> conv -> dequantize`` whose float output keeps the input's layout.

    fbgemm's int8 convolutions compute in channels-last and return that layout. ST-GCN's fast
    activations are channels-last anyway (no copies); AAGCN's are contiguous on purpose (its
    attention gates amplify float32 summation order, see ``AAGCN``), and a channels-last
    output would carry over and move its graph convolutions to the other layout. The reason
    is that layout choice, not speed.
    """

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, V)`` float -> ``(N, C_out, T_out, V)`` float, same layout."""
        out = super().forward(x)
        return out if is_channels_last(x) else out.contiguous()


def _module_convs(model: nn.Module) -> List[Tuple[nn.Module, str]]:
    """``(parent, name)`` of every ``nn.Conv2d`` that ``model`` calls as a module: children of
    ``unit_tcn``, of ``nn.Sequential`` and mstcn's 1x1 branches. ``unit_gcn``/``unit_aagcn``
    hold convolutions too, but only read their weights (``graph_conv``), so those stay float."""
    parents = [m for m in model.modules() if isinstance(m, (unit_tcn, nn.Sequential))]
    parents += [m.branches for m in model.modules() if isinstance(m, mstcn)]
    return [(parent, name) for parent in parents
            for name, child in parent.named_children() if isinstance(child, nn.Conv2d)]


def quantize_int8(model: nn.Module, calib_batches: Iterable[torch.Tensor],
                  engine: str = 'x86') -> nn.Module:
    """Quantize ``model``'s module convolutions to int8 in place (see the module doc); returns
    ``model``.

    Args:
        model: an eval-mode model on the CPU whose BatchNorms were folded by
            :func:`~stgcn_kit.models.fast.deploy.fuse_conv_bn`, e.g. a ``RecognizerGCN`` or a
            backbone.
        calib_batches: inputs run through ``model(batch)`` (no autograd) to observe the
            activation ranges; for a recognizer or backbone the ``(N, M, T, V, C)`` skeleton
            tensors it is fed at test time, from data other than the test set. A handful of
            batches suffices.
        engine: the quantized backend, one of :data:`ENGINES`. It is set as
            ``torch.backends.quantized.engine`` for the whole process: the int8 kernels
            dispatch on that global setting and the weights are packed for it.

    Raises:
        ValueError: if ``model`` is in training mode, not on the CPU, still has an unfolded
            BatchNorm in a ``unit_tcn``, has no convolution to quantize, if ``engine`` is not
            supported or ``calib_batches`` is empty.
    """
    if model.training:
        raise ValueError('quantize_int8: call model.eval() first; int8 modules cannot train')
    if any(p.device.type != 'cpu' for p in model.parameters()):
        raise ValueError('quantize_int8: int8 convolutions run on the CPU only; move the model '
                         'with model.cpu() first')
    if engine not in ENGINES or engine not in torch.backends.quantized.supported_engines:
        raise ValueError(f'quantize_int8: engine must be one of {ENGINES} and supported by this '
                         f'build ({torch.backends.quantized.supported_engines}), got {engine!r}')
    if any(isinstance(m, unit_tcn) and isinstance(m.bn, nn.BatchNorm2d)
           for m in model.modules()):
        raise ValueError('quantize_int8: fold the BatchNorms first '
                         '(stgcn_kit.models.fast.deploy.fuse_conv_bn(model))')
    batches = list(calib_batches)  # checked before the model is touched
    if not batches:
        raise ValueError('quantize_int8: calib_batches is empty; the activation ranges need '
                         'at least one batch')
    convs = _module_convs(model)
    if not convs:
        raise ValueError(f'quantize_int8: no convolution to quantize in {type(model).__name__}')
    torch.backends.quantized.engine = engine
    # PyTorch's default x86/fbgemm qconfig, spelled out: per-channel symmetric int8 weights,
    # histogram-observed uint8 activations limited to 7 bits (0..127), which keeps the int16 sums
    # of u8 x s8 pairs in fbgemm's AVX2 kernels (CPUs without VNNI) from saturating
    qconfig = QConfig(activation=HistogramObserver.with_args(quant_min=0, quant_max=127),
                      weight=PerChannelMinMaxObserver.with_args(
                          dtype=torch.qint8, qscheme=torch.per_channel_symmetric))
    wrappers = []
    for parent, name in convs:
        wrapper = _Int8Conv(getattr(parent, name))
        wrapper.qconfig = qconfig
        prepare(wrapper, inplace=True)  # observers on the wrapper's input and the conv output
        setattr(parent, name, wrapper)
        wrappers.append(wrapper)
    with torch.no_grad():
        for batch in batches:
            model(batch)
    for wrapper in wrappers:
        convert(wrapper, inplace=True)
    return model

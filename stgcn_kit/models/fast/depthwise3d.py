"""Channel-wise (depthwise) 3D convolution whose backward runs on the forward kernels.

oneDNN has a fast forward kernel for depthwise convolutions (one filter per channel), but
its input-gradient kernel for them is an order of magnitude slower than the forward, and
the non-oneDNN path loops over the channels. The input gradient of a convolution is itself
a convolution, of the output gradient with the flipped filters, so :func:`depthwise_conv3d`
computes it with the forward kernel: for stride ``s``, padding ``p`` and kernel size ``k`` per
axis, place the output gradient every ``s``-th position of a zero tensor of the stride-1
output's size (``in + 2p - k + 1``), and convolve it with the flipped filters and padding
``k - 1 - p``; that is exactly the input's size. The filter gradient stays the library's.
"""
from typing import Optional, Sequence, Tuple

import torch
import torch.nn.functional as F
from torch import nn


def is_depthwise(conv: nn.Conv3d) -> bool:
    """Whether ``conv`` is channel-wise with what :func:`depthwise_conv3d` handles: one filter
    per channel, no dilation, zero padding of at most ``kernel - 1`` per axis."""
    return (conv.groups == conv.in_channels == conv.out_channels
            and conv.dilation == (1, 1, 1) and conv.padding_mode == 'zeros'
            and not isinstance(conv.padding, str)
            and all(p <= k - 1 for p, k in zip(conv.padding, conv.kernel_size)))


def is_traced() -> bool:
    """Whether the call is being traced, exported or compiled rather than run, or runs under a
    Python dispatch mode (such as FLOP counting), which knows the generic operators only."""
    return (torch.jit.is_tracing() or torch.onnx.is_in_onnx_export()
            or torch.compiler.is_compiling()
            or torch.utils._python_dispatch._get_current_dispatch_mode() is not None)


def conv3d(x: torch.Tensor, weight: torch.Tensor, bias: Optional[torch.Tensor],
           stride: Sequence[int], padding: Sequence[int], dilation: Sequence[int] = (1, 1, 1),
           groups: int = 1) -> torch.Tensor:
    """``F.conv3d``, by oneDNN's kernels for float32 on the CPU whatever the batch and thread
    count: PyTorch otherwise takes its own unfold-and-GEMM path for small batches on one thread
    (and for ``(k, 1, 1)`` kernels), which copies channels-last inputs to the contiguous layout
    and runs channel-wise filters channel by channel. Traced or compiled (ONNX export,
    ``torch.compile``, FLOP counting) or under autocast: ``F.conv3d``, which they know (and
    which autocast casts)."""
    if (x.device.type == 'cpu' and x.dtype == torch.float32 and not is_traced()
            and not torch.is_autocast_enabled('cpu') and torch.backends.mkldnn.is_available()):
        return torch.mkldnn_convolution(x, weight, bias, list(padding), list(stride),
                                        list(dilation), groups)
    return F.conv3d(x, weight, bias, tuple(stride), tuple(padding), tuple(dilation), groups)


def _conv(x: torch.Tensor, weight: torch.Tensor, bias: Optional[torch.Tensor],
          stride: Sequence[int], padding: Sequence[int]) -> torch.Tensor:
    """A depthwise :func:`conv3d`."""
    return conv3d(x, weight, bias, stride, padding, groups=weight.shape[0])


class _DepthwiseConv3d(torch.autograd.Function):

    @staticmethod
    def forward(ctx, x: torch.Tensor, weight: torch.Tensor, bias: Optional[torch.Tensor],
                stride: Tuple[int, int, int], padding: Tuple[int, int, int]) -> torch.Tensor:
        ctx.save_for_backward(x, weight)
        ctx.stride, ctx.padding, ctx.has_bias = stride, padding, bias is not None
        return _conv(x, weight, bias, stride, padding)

    @staticmethod
    def backward(ctx, grad: torch.Tensor):
        x, weight = ctx.saved_tensors
        stride, padding = ctx.stride, ctx.padding
        # under autocast the forward ran in the gradient's (lower) precision; so does this
        x_low, weight_low = x.to(grad.dtype), weight.to(grad.dtype)
        grad_x = grad_w = grad_b = None
        if ctx.needs_input_grad[0]:
            kernel = weight.shape[2:]
            if tuple(stride) != (1, 1, 1):
                full = [n + 2 * p - k + 1 for n, p, k in zip(x.shape[2:], padding, kernel)]
                spread = grad.new_zeros(grad.shape[:2] + tuple(full))
                spread = spread.contiguous(memory_format=_memory_format(grad))
                spread[:, :, ::stride[0], ::stride[1], ::stride[2]] = grad
            else:
                spread = grad
            grad_x = _conv(spread, weight_low.flip((2, 3, 4)), None, (1, 1, 1),
                           [k - 1 - p for k, p in zip(kernel, padding)]).to(x.dtype)
        if ctx.needs_input_grad[1]:
            # the library's filter gradient, on the input's memory layout
            grad = grad.contiguous(memory_format=_memory_format(x))
            grad_w = torch.ops.aten.convolution_backward(
                grad, x_low, weight_low, None, list(stride), list(padding), [1, 1, 1], False,
                [0, 0, 0], weight.shape[0], [False, True, False])[1].to(weight.dtype)
        if ctx.has_bias and ctx.needs_input_grad[2]:
            grad_b = grad.sum((0, 2, 3, 4)).to(weight.dtype)
        return grad_x, grad_w, grad_b, None, None


def _memory_format(x: torch.Tensor) -> torch.memory_format:
    if x.is_contiguous(memory_format=torch.channels_last_3d) and not x.is_contiguous():
        return torch.channels_last_3d
    return torch.contiguous_format


def depthwise_conv3d(x: torch.Tensor, weight: torch.Tensor, bias: Optional[torch.Tensor],
                     stride: Sequence[int], padding: Sequence[int]) -> torch.Tensor:
    """``F.conv3d(x, weight, bias, stride, padding, groups=C)`` with the input gradient computed
    by the forward kernel (see the module doc); traced or compiled, plain :func:`conv3d`.

    Args:
        x: ``(N, C, T, H, W)``, any memory layout (channels-last suits oneDNN).
        weight: ``(C, 1, kT, kH, kW)``.
        bias: ``(C,)`` or None.
        stride, padding: per axis; ``padding <= kernel - 1``.

    Returns:
        ``(N, C, T_out, H_out, W_out)``.
    """
    if is_traced():
        return _conv(x, weight, bias, stride, padding)
    return _DepthwiseConv3d.apply(x, weight, bias, tuple(stride), tuple(padding))

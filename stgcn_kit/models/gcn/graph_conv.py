"""The graph convolution of the units, ``sum_k W_k · x · A_k``, computed in the cheaper order.

A 1x1 convolution over channels and a product with an adjacency over joints act on different axes
and commute. Applying ``A`` first costs ``K·C_in·V`` multiply-adds per frame and joint for the
graph product, applying it after the convolution ``K·C_out·V``; the channel projection costs
``K·C_in·C_out`` either way. So ``A`` goes first unless ``C_in > C_out``; on a tie it still
goes first because that order needs no transposed copy of the ``K·C_out`` projections.

Both memory layouts of ``(N, C, T, V)`` are served without copies of the activations. In the
channels-last layout (stored as ``(N, T, V, C)``, the one the backbones run in because oneDNN's
convolutions take it without reordering) the graph product is a batch of small GEMMs
``(V·K, V) @ (V, C)`` whose ``(W, K, C)`` result is already the ``K·C`` channels of the
fused 1x1 convolution.
"""
from typing import Optional

import torch
import torch.nn.functional as F


def is_channels_last(x: torch.Tensor) -> bool:
    """Whether ``x`` ``(N, C, T, V)`` is stored as ``(N, T, V, C)`` (and not also as NCHW)."""
    return not x.is_contiguous() and x.is_contiguous(memory_format=torch.channels_last)


def _mix_joints(stored: torch.Tensor, rows: torch.Tensor) -> torch.Tensor:
    """``out[n, t, r, c] = sum_j rows[(n,) r, j] stored[n, t, j, c]``.

    Args:
        stored: ``(N, T, J, C)`` contiguous, a channels-last activation's storage order.
        rows: ``(R, J)``, or ``(N, R, J)`` per sample.

    Returns:
        ``(N, T, R, C)`` contiguous.
    """
    n, t, j, c = stored.shape
    if rows.dim() == 2:
        return torch.matmul(rows, stored.reshape(n * t, j, c)).view(n, t, -1, c)
    return torch.matmul(rows.unsqueeze(1), stored)


def _graph_first(x: torch.Tensor, A: torch.Tensor) -> torch.Tensor:
    """``x · A_k`` for every ``k`` as ``(N, K·C_in, T, V)`` with channel index ``k·C_in + c``."""
    n, c_in, t, v = x.shape
    k = A.shape[-3]
    if is_channels_last(x):
        # rows (w, k): the product lands as (N, T, W, K, C_in), channels-last (N, K*C_in, T, W)
        rows = A.movedim(-1, -3).reshape(*A.shape[:-3], v * k, v)
        return _mix_joints(x.permute(0, 2, 3, 1), rows).view(n, t, v, k * c_in).permute(0, 3, 1, 2)
    # (N, 1, C_in*T, V) @ (K, V, V) lands in (N, K, C_in, T, V) order
    return torch.matmul(x.reshape(n, 1, c_in * t, v), A).view(n, k * c_in, t, v)


def _graph_after(y: torch.Tensor, A: torch.Tensor) -> torch.Tensor:
    """``sum_k y_k · A_k`` as ``(N, C, T, V)`` for ``y`` ``(N, K·C, T, V)``, channel ``k·C + c``."""
    n, kc, t, v = y.shape
    k = A.shape[-3]
    c = kc // k
    if is_channels_last(y):
        # y is stored (N, T, V, K, C): per frame one GEMM, rows w against columns (v, k)
        rows = A.movedim(-3, -1).transpose(-3, -2).reshape(*A.shape[:-3], v, v * k)
        stored = y.permute(0, 2, 3, 1).reshape(n, t, v * k, c)
        return _mix_joints(stored, rows).permute(0, 3, 1, 2)
    # one GEMM over the (K, V) pairs; its output is already laid out as (N, C, T, V)
    y = y.view(n, k, c * t, v).transpose(1, 2).reshape(n, c * t, k * v)
    return torch.matmul(y, A.reshape(*A.shape[:-3], k * v, v)).view(n, c, t, v)


def graph_conv(x: torch.Tensor, A: torch.Tensor, weight: torch.Tensor,
               bias: Optional[torch.Tensor] = None, bias_before_graph: bool = True) -> torch.Tensor:
    """``out[n, o, t, w] = sum_k sum_c sum_v W[k, o, c] x[n, c, t, v] A[k, v, w]`` plus bias.

    Args:
        x: ``(N, C_in, T, V)``, contiguous or channels-last; the result has the same layout.
        A: ``(K, V, V)``, or ``(N, K, V, V)`` for a per-sample graph; the first joint index is
            the sender, as in PYSKL's ``einsum('nkctv,kvw->nctw')``.
        weight: ``(K, C_out, C_in)``.
        bias: with ``bias_before_graph`` a ``(K, C_out)`` bias added to every partition's
            projection before the graph product (PYSKL's ``conv_pos='pre'``: the bias then
            reaches joint ``w`` weighted by the column sum ``sum_v A[k, v, w]``); otherwise a
            ``(C_out,)`` bias added to the result.

    Returns:
        ``(N, C_out, T, V)``.
    """
    if not (x.is_contiguous() or is_channels_last(x)):
        x = x.contiguous()
    c_in, v = x.shape[1], x.shape[-1]
    k, c_out, _ = weight.shape
    if c_in <= c_out:
        # one 1x1 convolution over the K*C_in channels mixes channels and sums the partitions
        fused = weight.transpose(0, 1).reshape(c_out, k * c_in, 1, 1)
        out = F.conv2d(_graph_first(x, A), fused)
        if bias is None:
            return out
        if not bias_before_graph:
            return out + bias.view(1, c_out, 1, 1)
        reach = A.sum(-2)  # (..., K, V): how much of a constant signal arrives at each joint
        bias_term = torch.einsum('kc,...kw->...cw', bias, reach)
        return out + bias_term.view(-1, c_out, 1, v)
    pre_bias = bias.reshape(k * c_out) if bias is not None and bias_before_graph else None
    y = F.conv2d(x, weight.reshape(k * c_out, c_in, 1, 1), pre_bias)
    out = _graph_after(y, A)
    if bias is not None and not bias_before_graph:
        out = out + bias.view(1, c_out, 1, 1)
    return out

"""The graph convolution of the units, ``sum_k W_k · x · A_k``, computed in the cheaper order.

A 1x1 convolution over channels and a product with an adjacency over joints act on different axes
and commute. Applying ``A`` first costs ``K·C_in·V`` multiply-adds per frame and joint for the
graph product, applying it after the convolution ``K·C_out·V``; the channel projection costs
``K·C_in·C_out`` either way. So ``A`` goes first unless ``C_in > C_out``; on a tie it still
goes first because that order needs no transposed copy of the ``K·C_out`` projections.

Both memory layouts of ``(N, C, T, V)`` are served without copies of the activations. In the
channels-last layout (stored as ``(N, T, V, C)``, the one ST-GCN runs in) the graph product is
a batch of small GEMMs ``(V·K, V) @ (V, C)`` per frame whose ``(W, K, C)`` result is already
the row layout of the channel projection, itself one GEMM over all frames and joints.
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
        # an explicit batch of small GEMMs: torch.matmul would fold a 2D @ 3D product into one
        # GEMM over transposed copies of both sides, and autograd would keep those copies
        return torch.bmm(rows.expand(n * t, *rows.shape), stored.reshape(n * t, j, c)
                         ).view(n, t, -1, c)
    return torch.matmul(rows.unsqueeze(1), stored)


def _bias_through_graph(bias: torch.Tensor, A: torch.Tensor) -> torch.Tensor:
    """A ``(K, C)`` bias added before the graph product, after it: ``(..., C, V)``, each
    partition's bias weighted by how much of a constant signal ``A_k`` brings to a joint."""
    return torch.einsum('kc,...kw->...cw', bias, A.sum(-2))


def _products_per_partition(rows: torch.Tensor, A: torch.Tensor) -> torch.Tensor:
    """``out[n, k] = rows[n] @ A[(n,) k]``: ``(N, R, V)`` and ``(K, V, V)`` or ``(N, K, V, V)``
    to ``(N, K, R, V)`` contiguous.

    One product per partition, written in its place: one GEMM against the ``K`` graphs side by
    side would need a copy of its result into this order. Each product keeps ``rows`` as it is
    for the backward pass (broadcasting it against the ``K`` graphs would save ``K`` copies).
    """
    graphs = A.unbind(-3)
    device = rows.device.type
    # out= has no autograd, an ONNX export drops its writes (silently wrong scores), and
    # autocast does not cast out= products (their dtype would be the inputs', not autocast's)
    if torch.jit.is_tracing() or (
            torch.amp.is_autocast_available(device) and torch.is_autocast_enabled(device)) or (
            torch.is_grad_enabled() and (rows.requires_grad or A.requires_grad)):
        return torch.stack([torch.matmul(rows, a) for a in graphs], dim=1)
    n, r, v = rows.shape
    out = rows.new_empty(n, len(graphs), r, v)
    for k, a in enumerate(graphs):
        torch.bmm(rows, a.expand(n, v, v), out=out[:, k])
    return out


def _graph_conv_contiguous(x: torch.Tensor, A: torch.Tensor, weight: torch.Tensor,
                           bias: Optional[torch.Tensor], bias_before_graph: bool) -> torch.Tensor:
    n, c_in, t, v = x.shape
    k, c_out, _ = weight.shape
    if c_in <= c_out:
        # laid out as (N, K, C_in, T, W), one 1x1 convolution over the K*C_in channels mixes
        # channels and sums the partitions in one go
        xa = _products_per_partition(x.reshape(n, c_in * t, v), A).view(n, k * c_in, t, v)
        out = F.conv2d(xa, weight.transpose(0, 1).reshape(c_out, k * c_in, 1, 1))
        if bias is None:
            return out
        # in place: the projection's backward does not read its output, and a fresh tensor of
        # this size costs a pass of page faults on the CPU, more than the addition itself
        if not bias_before_graph:
            return out.add_(bias.view(1, c_out, 1, 1))
        return out.add_(_bias_through_graph(bias, A).view(-1, c_out, 1, v))
    pre_bias = bias.reshape(k * c_out) if bias is not None and bias_before_graph else None
    y = F.conv2d(x, weight.reshape(k * c_out, c_in, 1, 1), pre_bias)
    # one GEMM over the (K, V) pairs; its output is already laid out as (N, C_out, T, V)
    y = y.view(n, k, c_out * t, v).transpose(1, 2).reshape(n, c_out * t, k * v)
    out = torch.matmul(y, A.reshape(*A.shape[:-3], k * v, v)).view(n, c_out, t, v)
    if bias is not None and not bias_before_graph:
        out.add_(bias.view(1, c_out, 1, 1))
    return out


def _graph_conv_channels_last(x: torch.Tensor, A: torch.Tensor, weight: torch.Tensor,
                              bias: Optional[torch.Tensor],
                              bias_before_graph: bool) -> torch.Tensor:
    n, c_in, t, v = x.shape
    k, c_out, _ = weight.shape
    stored = x.permute(0, 2, 3, 1)  # (N, T, V, C_in), a view
    post_bias = bias if bias is not None and not bias_before_graph else None
    if c_in <= c_out:
        # rows (w, k): the graph product lands as (N, T, W, K*C_in), the projection's rows
        rows = A.movedim(-1, -3).reshape(*A.shape[:-3], v * k, v)
        xa = _mix_joints(stored, rows).view(n, t, v, k * c_in)
        out = F.linear(xa, weight.transpose(0, 1).reshape(c_out, k * c_in), post_bias)
        if bias is not None and bias_before_graph:
            out.add_(_bias_through_graph(bias, A).transpose(-1, -2).unsqueeze(-3))
    else:
        pre_bias = bias.reshape(k * c_out) if bias is not None and bias_before_graph else None
        y = F.linear(stored, weight.reshape(k * c_out, c_in), pre_bias)  # (N, T, V, K, C_out)
        # rows w against columns (v, k): one small GEMM per frame sums joints and partitions
        rows = A.movedim(-1, -3).transpose(-1, -2).reshape(*A.shape[:-3], v, v * k)
        out = _mix_joints(y.view(n, t, v * k, c_out), rows)
        if post_bias is not None:
            out.add_(post_bias)
    return out.permute(0, 3, 1, 2)


def graph_conv(x: torch.Tensor, A: torch.Tensor, weight: torch.Tensor,
               bias: Optional[torch.Tensor] = None, bias_before_graph: bool = True) -> torch.Tensor:
    """``out[n, o, t, w] = sum_k sum_c sum_v W[k, o, c] x[n, c, t, v] A[k, v, w]`` plus bias.

    Args:
        x: ``(N, C_in, T, V)``, contiguous or channels-last; the result has the same layout
            (other strides are made contiguous first).
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
    if is_channels_last(x):
        return _graph_conv_channels_last(x, A, weight, bias, bias_before_graph)
    return _graph_conv_contiguous(x.contiguous(), A, weight, bias, bias_before_graph)

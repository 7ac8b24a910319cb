"""The graph convolution of the units, ``sum_k W_k · x · A_k``, computed in the cheaper order.

A 1x1 convolution over channels and a product with an adjacency over joints act on different axes
and commute. Applying ``A`` first costs ``K·C_in·V`` multiply-adds per frame and joint for the
graph product, applying it after the convolution ``K·C_out·V``; the channel projection costs
``K·C_in·C_out`` either way. So ``A`` goes first unless ``C_in > C_out``; on a tie it still
goes first because that order needs no transposed copy of the ``K·C_out`` projections.
"""
from typing import Optional

import torch
import torch.nn.functional as F


def graph_conv(x: torch.Tensor, A: torch.Tensor, weight: torch.Tensor,
               bias: Optional[torch.Tensor] = None, bias_before_graph: bool = True) -> torch.Tensor:
    """``out[n, o, t, w] = sum_k sum_c sum_v W[k, o, c] x[n, c, t, v] A[k, v, w]`` plus bias.

    Args:
        x: ``(N, C_in, T, V)``.
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
    n, c_in, t, v = x.shape
    k, c_out, _ = weight.shape
    if c_in <= c_out:
        # (N, 1, C_in*T, V) @ (K, V, V) lands in (N, K, C_in, T, V) order: one 1x1 convolution
        # over the K*C_in channels then mixes channels and sums the partitions in one go.
        xa = torch.matmul(x.reshape(n, 1, c_in * t, v), A).view(n, k * c_in, t, v)
        fused = weight.transpose(0, 1).reshape(c_out, k * c_in, 1, 1)
        out = F.conv2d(xa, fused)
        if bias is None:
            return out
        if not bias_before_graph:
            return out + bias.view(1, c_out, 1, 1)
        reach = A.sum(-2)  # (..., K, V): how much of a constant signal arrives at each joint
        bias_term = torch.einsum('kc,...kw->...cw', bias, reach)
        return out + bias_term.view(-1, c_out, 1, v)
    pre_bias = bias.reshape(k * c_out) if bias is not None and bias_before_graph else None
    y = F.conv2d(x, weight.reshape(k * c_out, c_in, 1, 1), pre_bias)
    # one GEMM over the (K, V) pairs; its output is already laid out as (N, C_out, T, V)
    y = y.view(n, k, c_out * t, v).transpose(1, 2).reshape(n, c_out * t, k * v)
    out = torch.matmul(y, A.reshape(*A.shape[:-3], k * v, v)).view(n, c_out, t, v)
    if bias is not None and not bias_before_graph:
        out = out + bias.view(1, c_out, 1, 1)
    return out

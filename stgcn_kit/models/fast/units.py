"""The units of :mod:`stgcn_kit.models.gcn` computed faster: same parameters, same math.

Each class here subclasses a plain unit, adds no parameters or buffers and overrides only
``forward`` (and :meth:`FastUnit.adopt`), so :func:`accelerate` can switch a built unit over in
place and state dicts stay the plain units'. What changes is how the math is computed:

- the graph convolution ``sum_k W_k x A_k`` by :func:`~.graph_conv.graph_conv` (cheaper product
  order, both memory layouts, AAGCN's ``K`` partitions at once);
- sums, residual adds and ReLUs write into tensors that autograd does not read again: a fresh
  activation costs a pass of page faults on the CPU, an in-place write does not;
- strided 1x1 convolutions of narrow inputs take every ``stride``-th frame first
  (:func:`presubsample`).
"""
from typing import List, Tuple

import torch
from torch import nn

from ..gcn import MSTCN, GCNBlock, mstcn, unit_aagcn, unit_ctrgcn, unit_gcn, unit_tcn
from .graph_conv import graph_conv, is_channels_last


class FastUnit:
    """What every fast unit adds to its plain class: :meth:`adopt`."""

    def adopt(self) -> None:
        """Prepare a plain unit whose class was just switched to this one (nothing by default)."""


class FastUnitGCN(FastUnit, unit_gcn):
    """:class:`~stgcn_kit.models.gcn.unit_gcn` through :func:`~.graph_conv.graph_conv`."""

    def partition_weights(self) -> torch.Tensor:
        """The 1x1 convolution's weight as ``(K, C_out, C_in)``, one projection per partition."""
        k, c_in, c_out = self.num_subsets, self.in_channels, self.out_channels
        if self.conv_pos == 'pre':
            return self.conv.weight.view(k, c_out, c_in)
        return self.conv.weight.view(c_out, k, c_in).transpose(0, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, V)`` -> ``(N, C_out, T, V)``, in ``x``'s memory layout."""
        bias = self.conv.bias
        if self.conv_pos == 'pre':
            bias = bias.view(self.num_subsets, self.out_channels)
        out = self.bn(graph_conv(x, self.graph(), self.partition_weights(), bias,
                                 bias_before_graph=self.conv_pos == 'pre'))
        # in place: the backward passes of BN and of the graph product read their inputs, not
        # their outputs
        if self.with_res:
            out += self.down(x)
        return self.act(out)


def _gated(y: torch.Tensor, gate: torch.Tensor) -> torch.Tensor:
    """``y * (1 + gate)``; in place when autograd will not read ``y`` again (inference)."""
    if torch.is_grad_enabled() and (y.requires_grad or gate.requires_grad):
        return y * (1 + gate)
    return y.mul_(1 + gate)


class FastUnitAAGCN(FastUnit, unit_aagcn):
    """:class:`~stgcn_kit.models.gcn.unit_aagcn` with its ``K`` partitions computed together:
    the ``K`` per-sample graphs from two 1x1 convolutions and one batched product, the graph
    products and projections by one :func:`~.graph_conv.graph_conv`."""

    @staticmethod
    def _stacked(convs: nn.ModuleList) -> Tuple[torch.Tensor, torch.Tensor]:
        """The K 1x1 convolutions as one ``(K, C_out, C_in)`` weight and ``(K, C_out)`` bias."""
        weight = torch.stack([c.weight.flatten(1) for c in convs])
        bias = torch.stack([c.bias for c in convs])
        return weight, bias

    def graph(self, x: torch.Tensor) -> torch.Tensor:
        """The ``(K, V, V)`` or per-sample ``(N, K, V, V)`` adjacency for ``x`` ``(N, C, T, V)``."""
        if not self.adaptive:
            return self.A
        t = x.shape[2]
        k, c_e = self.num_subset, self.inter_channels
        w_a, b_a = self._stacked(self.conv_a)
        w_b, b_b = self._stacked(self.conv_b)
        emb_a = nn.functional.conv2d(x, w_a.view(k * c_e, -1, 1, 1), b_a.flatten())
        emb_b = nn.functional.conv2d(x, w_b.view(k * c_e, -1, 1, 1), b_b.flatten())
        # unflatten keeps any memory layout; einsum contracts (C_e, T) in one batched GEMM
        sim = torch.einsum('nkctv,nkctw->nkvw', emb_a.unflatten(1, (k, c_e)),
                           emb_b.unflatten(1, (k, c_e))) / (c_e * t)
        if self.adaptive == 'original':
            return self.A + self.PA + sim.softmax(-2)
        return self.A + self.alpha * sim.tanh()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, V)`` -> ``(N, C_out, T, V)``."""
        weight, bias = self._stacked(self.conv_d)
        y = graph_conv(x, self.graph(x), weight, bias.sum(0), bias_before_graph=False)
        y = self.bn(y)
        y += self.down(x)  # in place, as in FastUnitGCN
        y = self.relu(y)
        if not self.attention:
            return y
        gate = torch.sigmoid(self.conv_sa(y.mean(-2)))  # (N, 1, V)
        y = _gated(y, gate.unsqueeze(-2))
        gate = torch.sigmoid(self.conv_ta(y.mean(-1)))  # (N, 1, T)
        y = _gated(y, gate.unsqueeze(-1))
        gate = torch.sigmoid(self.fc2c(self.relu(self.fc1c(y.mean((-2, -1))))))  # (N, C)
        return _gated(y, gate[..., None, None])


class _DenseGradient(torch.autograd.Function):
    """The identity, whose backward passes the gradient on densely stored in the layout of the
    forward tensor."""

    @staticmethod
    def forward(ctx, x: torch.Tensor) -> torch.Tensor:
        ctx.channels_last = x.dim() == 4 and is_channels_last(x)
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad: torch.Tensor) -> torch.Tensor:
        layout = torch.channels_last if ctx.channels_last else torch.contiguous_format
        return grad.contiguous(memory_format=layout)


def dense_gradient(x: torch.Tensor) -> torch.Tensor:
    """``x``, with its gradient made dense before it reaches the op that made ``x``.

    A concatenation hands each input a strided slice of its gradient, and the CPU backward
    kernel of BN runs several times slower on such a slice than on a dense copy.
    """
    return _DenseGradient.apply(x) if torch.is_grad_enabled() and x.requires_grad else x


class FastUnitCTRGCN(FastUnit, unit_ctrgcn):
    """:class:`~stgcn_kit.models.gcn.unit_ctrgcn` with its ``K`` partitions computed together.

    - ``conv1`` and ``conv2`` act on the frame mean of the input (a 1x1 convolution commutes
      with a mean over frames), ``T`` times fewer multiply-adds;
    - the ``K`` ``conv3`` projections are one GEMM per sample, written (sample, channel,
      partition)-major whatever the input's layout, so that each sample's and channel's refined
      graphs ``alpha * conv4(M_k) + A_k`` meet them in ``K`` accumulated batched products
      without a transposed copy.

    Only the result goes back to a channels-last input's layout (one copy).
    """

    def _stacked(self, name: str) -> Tuple[torch.Tensor, torch.Tensor]:
        """The ``K`` partitions' 1x1 convolution ``name`` as ``(K, C_out, C_in)`` weight and
        ``(K, C_out)`` bias."""
        convs = [getattr(ctrgc, name) for ctrgc in self.convs]
        return (torch.stack([c.weight.flatten(1) for c in convs]),
                torch.stack([c.bias for c in convs]))

    def refined_graphs(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, K, C_out, U, V)``: ``alpha * conv4(tanh(phi1_u - phi2_v)) + A_k`` for ``x``
        ``(N, C_in, T, V)``."""
        mean = x.mean(-2)  # (N, C_in, V)
        w1, b1 = self._stacked('conv1')
        w2, b2 = self._stacked('conv2')
        w4, b4 = self._stacked('conv4')
        phi1 = torch.einsum('krc,ncv->nkrv', w1, mean) + b1.unsqueeze(-1)
        phi2 = torch.einsum('krc,ncv->nkrv', w2, mean) + b2.unsqueeze(-1)
        rel = torch.tanh(phi1.unsqueeze(-1) - phi2.unsqueeze(-2))  # (N, K, R, U, V)
        refined = torch.einsum('kor,nkruv->nkouv', w4, rel) + b4[..., None, None]
        return refined * self.alpha + self.A.unsqueeze(1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, V)`` -> ``(N, C_out, T, V)``, in ``x``'s memory layout."""
        n, _, t, v = x.shape
        k, c_out = self.num_subset, self.out_channels
        graphs = self.refined_graphs(x)
        w3, b3 = self._stacked('conv3')
        # the projections laid out (N, C_out, K, T*V) by one GEMM per sample, whatever x's
        # layout: each (sample, channel) then holds its K partitions' (T, V) blocks
        weight = w3.transpose(0, 1).reshape(c_out * k, -1)
        proj = torch.matmul(weight, x.flatten(2)).add_(b3.t().reshape(-1, 1))
        # unbind, not indexing: its backward stacks the K gradients into one tensor instead of
        # zero-filling a full-size gradient per partition
        projs = proj.view(n * c_out, k, t, v).unbind(1)
        graphs = graphs.transpose(1, 2).reshape(n * c_out, k, v, v).unbind(1)
        y = torch.bmm(projs[0], graphs[0])
        for part in range(1, k):
            y = torch.baddbmm(y, projs[part], graphs[part])
        y = y.view(n, c_out, t, v)
        if is_channels_last(x):
            y = y.contiguous(memory_format=torch.channels_last)
        y = self.bn(y)
        y += self.down(x)  # in place, as in FastUnitGCN
        return self.relu(y)


def presubsample(in_channels: int, kernel_size: int, stride: int) -> int:
    """The temporal stride to take with :func:`subsample_frames` before a ``(kernel_size, 1)``
    convolution of ``in_channels`` inputs, which then strides by ``stride // presubsample(...)``.

    ``stride`` for 1x1 convolutions of fewer than 16 input channels, else 1. oneDNN's AVX-512
    weight-gradient kernel for strided 1x1 convolutions has crashed the process (segmentation
    fault) on channels-last inputs of 4 or 8 channels, which the channels-last path feeds it in
    narrow models. Slicing first gives the same numbers, but a strided convolution is faster at
    real widths, hence the slicing for narrow inputs only.
    """
    return stride if kernel_size == 1 and in_channels < 16 else 1


def subsample_frames(x: torch.Tensor, stride: int) -> torch.Tensor:
    """Every ``stride``-th frame of ``(N, C, T, V)``: ``(N, C, ceil(T / stride), V)``, a view."""
    return x if stride == 1 else x[:, :, ::stride]


def _presubsampled(conv: nn.Conv2d, stride: int) -> int:
    """Give ``conv`` (temporal stride ``stride``) the stride left after :func:`presubsample`;
    returns the stride to subsample its input with."""
    frames_stride = presubsample(conv.in_channels, conv.kernel_size[0], stride)
    conv.stride = (stride // frames_stride, 1)
    return frames_stride


class FastUnitTCN(FastUnit, unit_tcn):
    """:class:`~stgcn_kit.models.gcn.unit_tcn`, narrow strided 1x1 inputs subsampled first."""

    def adopt(self) -> None:
        self.frames_stride = _presubsampled(self.conv, self.stride)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, V)`` -> ``(N, C_out, ceil(T / stride), V)``."""
        return self.drop(self.bn(self.conv(subsample_frames(x, self.frames_stride))))


class FastMSTCN(FastUnit, mstcn):
    """:class:`~stgcn_kit.models.gcn.mstcn`, its 1x1 branch subsampled first when narrow."""

    def adopt(self) -> None:
        self.pointwise = [i for i, b in enumerate(self.branches) if isinstance(b, nn.Conv2d)]
        self.frames_stride = 1
        for i in self.pointwise:
            self.frames_stride = _presubsampled(self.branches[i], self.branches[i].stride[0])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, V)`` -> ``(N, C_out, ceil(T / stride), V)``."""
        frames = subsample_frames(x, self.frames_stride)
        feat = torch.cat([branch(frames if i in self.pointwise else x)
                          for i, branch in enumerate(self.branches)], dim=1)
        return self.drop(self.bn(self.transform(feat)))


class FastBranchesMSTCN(FastUnit, MSTCN):
    """:class:`~stgcn_kit.models.gcn.MSTCN` (CTR-GCN's and MS-G3D's temporal unit) with dense
    gradients for its branches (:func:`dense_gradient`): the concatenation's backward would
    hand each branch's BN a strided slice."""

    def branch_outputs(self, x: torch.Tensor) -> List[torch.Tensor]:
        """Each branch's ``(N, C_branch, ceil(T / stride), V)`` output, its gradient made
        dense."""
        return [dense_gradient(out) for out in super().branch_outputs(x)]


class FastGCNBlock(FastUnit, GCNBlock):
    """:class:`~stgcn_kit.models.gcn.GCNBlock` with the residual added in place."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, V)`` -> ``(N, C_out, ceil(T / stride), V)``."""
        out = self.tcn(self.gcn(x))
        if self.residual is not None:
            out += self.residual(x)  # the temporal unit's BN/conv backward reads its input
        return self.relu(out)


FAST_UNITS = {unit_gcn: FastUnitGCN, unit_aagcn: FastUnitAAGCN, unit_ctrgcn: FastUnitCTRGCN,
              unit_tcn: FastUnitTCN, mstcn: FastMSTCN, MSTCN: FastBranchesMSTCN,
              GCNBlock: FastGCNBlock}


def accelerate(module: nn.Module) -> nn.Module:
    """Switch every plain unit and block in ``module`` to its fast class, in place; returns
    ``module``. Parameters, buffers and their names stay as they are."""
    for unit in module.modules():
        fast = FAST_UNITS.get(type(unit))
        if fast is not None:
            unit.__class__ = fast
            unit.adopt()
    return module

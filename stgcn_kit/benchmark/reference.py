"""The straightforward implementation of the backbones, as PYSKL writes them, for speed baselines.

PYSKL's ``unit_gcn`` projects to ``K * C_out`` channels and then contracts the partitions with
``einsum('nkctv,kvw->nctw')``; its ``unit_aagcn`` loops over the partitions, building each
sample's graph and projecting after the graph product. :func:`to_reference` turns a built
backbone (or recognizer) into a copy whose backbone and units run that code on the same
parameters, so a benchmark compares two implementations of one network with one set of weights.
"""
import copy
import functools
from typing import Dict, Type

import torch
from torch import nn

from ..models.backbones.base_gcn import BaseGCN
from ..models.backbones.gcn_block import GCNBlock
from ..models.gcn import unit_aagcn, unit_gcn


class ReferenceBackbone:
    """PYSKL's backbone forward (a mixin over a :class:`BaseGCN` subclass): ``(N, C, T, V)``
    activations stored contiguously, the input permuted around a ``(rows, V*C, T)`` data BN."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, M, T, V, C)`` -> ``(N, M, C_out, T_out, V)``."""
        n, m, t, v, c = x.shape
        x = x.permute(0, 1, 3, 4, 2).contiguous()
        if self.data_bn_type == 'MVC':
            x = self.data_bn(x.view(n, m * v * c, t))
        elif self.data_bn_type == 'VC':
            x = self.data_bn(x.view(n * m, v * c, t))
        x = x.view(n, m, v, c, t).permute(0, 1, 3, 4, 2).contiguous().view(n * m, c, t, v)
        for block in self.gcn:
            x = block(x)
        return x.reshape((n, m) + x.shape[1:])


class ReferenceGCNBlock(GCNBlock):
    """:class:`~stgcn_kit.models.backbones.gcn_block.GCNBlock` as PYSKL computes it: the residual
    sum and the ReLU each in a new tensor."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, V)`` -> ``(N, C_out, ceil(T / stride), V)``."""
        res = 0 if self.residual is None else self.residual(x)
        return torch.relu(self.tcn(self.gcn(x)) + res)


class ReferenceUnitGCN(unit_gcn):
    """:class:`~stgcn_kit.models.gcn.unit_gcn` computed as PYSKL does."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, V)`` -> ``(N, C_out, T, V)``."""
        n, _, t, v = x.shape
        res = self.down(x) if self.with_res else 0
        A = self.graph()
        if self.conv_pos == 'pre':
            x = self.conv(x).view(n, self.num_subsets, -1, t, v)
            x = torch.einsum('nkctv,kvw->nctw', x, A).contiguous()
        else:
            x = torch.einsum('nctv,kvw->nkctw', x, A).contiguous().view(n, -1, t, v)
            x = self.conv(x)
        return torch.relu(self.bn(x) + res)


class ReferenceUnitAAGCN(unit_aagcn):
    """:class:`~stgcn_kit.models.gcn.unit_aagcn` computed as PYSKL does (a loop over ``K``)."""

    def _partition_graph(self, x: torch.Tensor, i: int) -> torch.Tensor:
        """Partition ``i``'s ``(V, V)`` or ``(N, V, V)`` graph for ``x`` ``(N, C, T, V)``."""
        if not self.adaptive:
            return self.A[i]
        n, _, t, v = x.shape
        a1 = self.conv_a[i](x).permute(0, 3, 1, 2).contiguous().view(n, v, -1)
        a2 = self.conv_b[i](x).view(n, -1, v)
        sim = torch.matmul(a1, a2) / a1.size(-1)
        if self.adaptive == 'original':
            return self.A[i] + self.PA[i] + sim.softmax(-2)
        return self.A[i] + sim.tanh() * self.alpha

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, V)`` -> ``(N, C_out, T, V)``."""
        n, c, t, v = x.shape
        y = 0
        for i in range(self.num_subset):
            z = torch.matmul(x.view(n, c * t, v), self._partition_graph(x, i))
            y = y + self.conv_d[i](z.view(n, c, t, v))
        y = torch.relu(self.bn(y) + self.down(x))
        if not self.attention:
            return y
        se = torch.sigmoid(self.conv_sa(y.mean(-2)))
        y = y * se.unsqueeze(-2) + y
        se = torch.sigmoid(self.conv_ta(y.mean(-1)))
        y = y * se.unsqueeze(-1) + y
        se = torch.sigmoid(self.fc2c(torch.relu(self.fc1c(y.mean(-1).mean(-1)))))
        return y * se.unsqueeze(-1).unsqueeze(-1) + y


REFERENCE_UNITS: Dict[Type[nn.Module], Type[nn.Module]] = {
    GCNBlock: ReferenceGCNBlock,
    unit_gcn: ReferenceUnitGCN,
    unit_aagcn: ReferenceUnitAAGCN,
}


@functools.lru_cache(maxsize=None)
def _reference_backbone_class(cls: type) -> type:
    return type(f'Reference{cls.__name__}', (ReferenceBackbone, cls), {})


def _reference_class(module: nn.Module) -> type:
    if isinstance(module, BaseGCN):
        return _reference_backbone_class(type(module))
    return REFERENCE_UNITS.get(type(module), type(module))


def to_reference(model: nn.Module) -> nn.Module:
    """A deep copy of ``model`` whose graph units compute the straightforward way.

    Parameters, buffers and their names are shared by value (copied), so ``state_dict`` keys
    and outputs (up to float rounding) are those of ``model``.
    """
    reference = copy.deepcopy(model)
    for module in reference.modules():
        # same attributes, other forward: the reference classes add no state
        module.__class__ = _reference_class(module)
    return reference

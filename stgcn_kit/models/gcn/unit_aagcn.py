"""The adaptive graph convolution of 2s-AGCN and its attention-augmented form (MS-AAGCN)."""
import math
from typing import Union

import torch
from torch import nn

from .graph_conv import graph_conv

ADAPTIVE_MODES = (True, False, 'original')



def _gated(y: torch.Tensor, gate: torch.Tensor) -> torch.Tensor:
    """``y * (1 + gate)``, in place when autograd will not need ``y`` (inference): a new
    activation of ``y``'s size costs page faults on the CPU (docs/benchmark.md)."""
    if torch.is_grad_enabled() and (y.requires_grad or gate.requires_grad):
        return y * (1 + gate)
    return y.mul_(1 + gate)

class unit_aagcn(nn.Module):  # noqa: N801 -- PYSKL's name, kept so configs and state dicts port
    """Adaptive graph convolution with optional spatial, temporal and channel attention.

    Each partition ``k`` uses a per-sample graph built from a data-dependent similarity
    ``S_k[v, w] = <θ_k(x)[:, :, v], φ_k(x)[:, :, w]> / (C_e · T)`` of 1x1 embeddings
    ``conv_a`` (θ) and ``conv_b`` (φ) with ``C_e = C_out // coff_embedding`` channels:

    - ``adaptive=True`` (AAGCN as PYSKL/mmaction2 ship it): ``A_k + alpha · tanh(S_k)`` with
      ``A`` a parameter initialised to the graph and ``alpha`` a scalar initialised to 0;
    - ``adaptive='original'`` (2s-AGCN): ``A_k + PA_k + softmax(S_k)`` over the sending joint,
      ``A`` fixed and ``PA`` (the paper's ``B``) a parameter initialised to ``1e-6``;
    - ``adaptive=False``: the fixed ``A_k``.

    The result is ``ReLU(BN(sum_k conv_d[k](x · A'_k)) + down(x))``, then with ``attention`` the
    spatial, temporal and channel gates ``y <- y * (1 + sigmoid(...))`` in that order.

    Args:
        in_channels: ``C_in``.
        out_channels: ``C_out``.
        A: ``(K, V, V)`` adjacency stack.
        coff_embedding: ratio ``C_out / C_e``.
        adaptive: ``True``, ``'original'`` or ``False``, see above.
        attention: add the three attention gates.
    """

    def __init__(self, in_channels: int, out_channels: int, A: torch.Tensor,
                 coff_embedding: int = 4, adaptive: Union[bool, str] = True,
                 attention: bool = True) -> None:
        super().__init__()
        if adaptive not in ADAPTIVE_MODES:
            raise ValueError(f'unit_aagcn: adaptive must be one of {ADAPTIVE_MODES}, '
                             f'got {adaptive!r}')
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.inter_channels = out_channels // coff_embedding
        self.num_subset = A.size(0)
        self.adaptive = adaptive
        self.attention = attention
        num_joints = A.size(-1)
        A = A.clone().float()

        self.conv_d = nn.ModuleList(nn.Conv2d(in_channels, out_channels, 1)
                                    for _ in range(self.num_subset))
        if adaptive is True:
            self.A = nn.Parameter(A)
            self.alpha = nn.Parameter(torch.zeros(1))
        else:
            self.register_buffer('A', A)
        if adaptive == 'original':
            self.PA = nn.Parameter(torch.full_like(A, 1e-6))
        if adaptive:
            self.conv_a = nn.ModuleList(nn.Conv2d(in_channels, self.inter_channels, 1)
                                        for _ in range(self.num_subset))
            self.conv_b = nn.ModuleList(nn.Conv2d(in_channels, self.inter_channels, 1)
                                        for _ in range(self.num_subset))
        if attention:
            self.conv_ta = nn.Conv1d(out_channels, 1, 9, padding=4)
            # an odd kernel over the joints keeps V unchanged
            ker_joint = num_joints if num_joints % 2 else num_joints - 1
            self.conv_sa = nn.Conv1d(out_channels, 1, ker_joint, padding=(ker_joint - 1) // 2)
            self.fc1c = nn.Linear(out_channels, out_channels // 2)
            self.fc2c = nn.Linear(out_channels // 2, out_channels)
        if in_channels != out_channels:
            self.down = nn.Sequential(nn.Conv2d(in_channels, out_channels, 1),
                                      nn.BatchNorm2d(out_channels))
        else:
            self.down = nn.Identity()
        self.bn = nn.BatchNorm2d(out_channels)
        self.relu = nn.ReLU(inplace=True)

    def init_weights(self) -> None:
        """The papers' initialisation: the unit starts close to its residual path."""
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode='fan_out')
                nn.init.zeros_(m.bias)
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)
        nn.init.constant_(self.bn.weight, 1e-6)
        for conv in self.conv_d:
            # the K branches add up, so each gets a 1/K share of the variance
            fan = conv.weight.size(0) * conv.weight.size(1) * self.num_subset
            nn.init.normal_(conv.weight, 0, math.sqrt(2. / fan))
        if self.attention:
            nn.init.zeros_(self.conv_ta.weight)
            nn.init.zeros_(self.conv_ta.bias)
            nn.init.xavier_normal_(self.conv_sa.weight)
            nn.init.zeros_(self.conv_sa.bias)
            nn.init.kaiming_normal_(self.fc1c.weight)
            nn.init.zeros_(self.fc1c.bias)
            nn.init.zeros_(self.fc2c.weight)
            nn.init.zeros_(self.fc2c.bias)

    @staticmethod
    def _stacked(convs: nn.ModuleList) -> tuple:
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
        y += self.down(x)  # in place, as in unit_gcn
        y = self.relu(y)
        if not self.attention:
            return y
        gate = torch.sigmoid(self.conv_sa(y.mean(-2)))  # (N, 1, V)
        y = _gated(y, gate.unsqueeze(-2))
        gate = torch.sigmoid(self.conv_ta(y.mean(-1)))  # (N, 1, T)
        y = _gated(y, gate.unsqueeze(-1))
        gate = torch.sigmoid(self.fc2c(self.relu(self.fc1c(y.mean((-2, -1))))))  # (N, C)
        return _gated(y, gate[..., None, None])

"""The adaptive graph convolution of 2s-AGCN and its attention-augmented form (MS-AAGCN)."""
import math
from typing import Union

import torch
from torch import nn

ADAPTIVE_MODES = (True, False, 'original')


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

    def partition_graph(self, x: torch.Tensor, k: int) -> torch.Tensor:
        """Partition ``k``'s ``(V, V)`` graph, or ``(N, V, V)`` per sample, for ``x``
        ``(N, C, T, V)``."""
        if not self.adaptive:
            return self.A[k]
        n, _, t, v = x.shape
        theta = self.conv_a[k](x).permute(0, 3, 1, 2).reshape(n, v, -1)  # (N, V, C_e*T)
        phi = self.conv_b[k](x).reshape(n, -1, v)  # (N, C_e*T, V)
        sim = torch.matmul(theta, phi) / theta.size(-1)
        if self.adaptive == 'original':
            return self.A[k] + self.PA[k] + sim.softmax(-2)
        return self.A[k] + self.alpha * sim.tanh()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, V)`` -> ``(N, C_out, T, V)``."""
        n, c, t, v = x.shape
        y = 0
        for k in range(self.num_subset):
            z = torch.matmul(x.reshape(n, c * t, v), self.partition_graph(x, k)).view(n, c, t, v)
            y = y + self.conv_d[k](z)
        y = self.relu(self.bn(y) + self.down(x))
        if not self.attention:
            return y
        gate = torch.sigmoid(self.conv_sa(y.mean(-2)))  # (N, 1, V)
        y = y * gate.unsqueeze(-2) + y
        gate = torch.sigmoid(self.conv_ta(y.mean(-1)))  # (N, 1, T)
        y = y * gate.unsqueeze(-1) + y
        gate = torch.sigmoid(self.fc2c(self.relu(self.fc1c(y.mean((-2, -1))))))  # (N, C)
        return y * gate[..., None, None] + y

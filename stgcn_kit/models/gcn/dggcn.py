"""DG-STGCN's dynamic group graph convolution (Duan et al., 2022; PYSKL's ``dggcn``)."""
from typing import Optional, Union

import torch
from torch import nn

REFINE_MODES = (None, 'NA', 'T')
ACTIVATIONS = {'tanh': torch.tanh, 'relu': torch.relu, 'sigmoid': torch.sigmoid,
               'softmax': lambda g: torch.softmax(g, dim=-2)}


def _only(value: Union[str, dict], expected: str, what: str) -> None:
    kind = value.get('type') if isinstance(value, dict) else value
    if kind != expected or (isinstance(value, dict) and len(value) > 1):
        raise ValueError(f'dggcn: {what} must be {expected!r} (PYSKL configs use no other), '
                         f'got {value!r}')


class dggcn(nn.Module):  # noqa: N801 -- PYSKL's name, kept so configs and state dicts port
    """Graph convolution in ``K`` groups of ``C_mid = int(ratio · C_out)`` channels, each with
    its own learned, sample-dependent graph.

    ``p = ReLU(BN(conv(x)))`` is split into the groups ``p_k``; with the embeddings
    ``e1 = conv1(x̄)``, ``e2 = conv2(x̄)`` (``x̄`` the frame mean, or every frame with ``'NA'``)
    split likewise, group ``k`` uses

    ``G_k = A_k + alpha_k · f(e1_k[..., u] - e2_k[..., v])`` (``ctr``, per channel) ``+
    beta_k · g(<e1_k[:, u], e2_k[:, v]>)`` (``ada``, shared by the channels),

    with ``A`` a parameter (PYSKL's ``random`` graph mode initialises it), ``f = ctr_act``,
    ``g = ada_act`` (softmax over the sending joint), ``alpha`` and ``beta`` initialised to 0
    and, without ``subset_wise``, group 0's gate used by every group. The output is
    ``ReLU(BN(post(concat_k p_k · G_k)) + down(x))``.

    Args:
        in_channels: ``C_in``.
        out_channels: ``C_out``.
        A: ``(K, V, V)`` initial graphs.
        ratio: ``C_mid / C_out``; ``None`` is ``1 / K``.
        ctr: the channel-wise term: ``'T'`` from frame means, ``'NA'`` per frame, ``None`` off.
        ada: the shared term, likewise.
        subset_wise: gate each group by its own ``alpha_k``/``beta_k``.
        ada_act: ``g``: ``'softmax'``, ``'tanh'``, ``'relu'`` or ``'sigmoid'``.
        ctr_act: ``f``, likewise.
        norm: ``'BN'`` only.
        act: ``'ReLU'`` only.
    """

    def __init__(self, in_channels: int, out_channels: int, A: torch.Tensor,
                 ratio: Optional[float] = 0.25, ctr: Optional[str] = 'T',
                 ada: Optional[str] = 'T', subset_wise: bool = False, ada_act: str = 'softmax',
                 ctr_act: str = 'tanh', norm: Union[str, dict] = 'BN',
                 act: Union[str, dict] = 'ReLU') -> None:
        super().__init__()
        if ctr not in REFINE_MODES or ada not in REFINE_MODES:
            raise ValueError(f'dggcn: ctr and ada must be one of {REFINE_MODES}, '
                             f'got {ctr!r}, {ada!r}')
        if ada_act not in ACTIVATIONS or ctr_act not in ACTIVATIONS:
            raise ValueError(f'dggcn: ada_act and ctr_act must be one of {sorted(ACTIVATIONS)}, '
                             f'got {ada_act!r}, {ctr_act!r}')
        _only(norm, 'BN', 'norm')
        _only(act, 'ReLU', 'act')
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.num_subsets = num_subsets = A.size(0)
        self.ctr, self.ada = ctr, ada
        self.ctr_act, self.ada_act = ctr_act, ada_act
        self.subset_wise = subset_wise
        self.ratio = 1 / num_subsets if ratio is None else ratio
        self.mid_channels = mid = int(self.ratio * out_channels)
        self.A = nn.Parameter(A.clone().float())
        self.pre = nn.Sequential(nn.Conv2d(in_channels, mid * num_subsets, 1),
                                 nn.BatchNorm2d(mid * num_subsets), nn.ReLU())
        self.post = nn.Conv2d(mid * num_subsets, out_channels, 1)
        self.alpha = nn.Parameter(torch.zeros(num_subsets))
        self.beta = nn.Parameter(torch.zeros(num_subsets))
        if ctr or ada:
            self.conv1 = nn.Conv2d(in_channels, mid * num_subsets, 1)
            self.conv2 = nn.Conv2d(in_channels, mid * num_subsets, 1)
        if in_channels != out_channels:
            self.down = nn.Sequential(nn.Conv2d(in_channels, out_channels, 1),
                                      nn.BatchNorm2d(out_channels))
        else:
            self.down = nn.Identity()
        self.bn = nn.BatchNorm2d(out_channels)
        self.act = nn.ReLU()

    def _gate(self, graph: torch.Tensor, gate: torch.Tensor) -> torch.Tensor:
        """``graph`` ``(N, K, ., ., V, V)`` times ``gate_k`` per group, or ``gate_0``."""
        if self.subset_wise:
            return graph * gate[:, None, None, None, None]
        return graph * gate[0]

    def graphs(self, x: torch.Tensor) -> torch.Tensor:
        """``(N|1, K, C_mid|1, T|1, V, V)``: each group's graph for ``x`` ``(N, C_in, T, V)``."""
        graph = self.A[None, :, None, None]
        if not (self.ctr or self.ada):
            return graph
        n, _, _, v = x.shape
        if 'NA' not in (self.ctr, self.ada):
            x = x.mean(-2, keepdim=True)
        e1 = self.conv1(x).reshape(n, self.num_subsets, self.mid_channels, -1, v)
        e2 = self.conv2(x).reshape(n, self.num_subsets, self.mid_channels, -1, v)
        if self.ctr:
            diff = e1.unsqueeze(-1) - e2.unsqueeze(-2)  # (N, K, C_mid, T|1, V, V)
            graph = self._gate(ACTIVATIONS[self.ctr_act](diff), self.alpha) + graph
        if self.ada:
            sim = torch.einsum('nkctv,nkctw->nktvw', e1, e2)[:, :, None]
            graph = self._gate(ACTIVATIONS[self.ada_act](sim), self.beta) + graph
        return graph

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, V)`` -> ``(N, C_out, T, V)``."""
        n, _, t, v = x.shape
        res = self.down(x)
        pre = self.pre(x).reshape(n, self.num_subsets, self.mid_channels, t, v)
        graph = self.graphs(x)
        if graph.size(3) == 1:  # one graph for all frames: a (T, V) x (V, V) product
            y = torch.matmul(pre, graph.squeeze(3))
        else:
            y = torch.matmul(pre.unsqueeze(-2), graph).squeeze(-2)
        return self.act(self.bn(self.post(y.reshape(n, -1, t, v))) + res)

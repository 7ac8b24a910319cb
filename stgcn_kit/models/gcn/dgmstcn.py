"""DG-STGCN's multi-scale temporal convolution with a global joint (PYSKL's ``dgmstcn``)."""
from typing import Optional, Sequence

import torch
from torch import nn

from .mstcn import BranchCfg, mstcn


class dgmstcn(mstcn):  # noqa: N801 -- PYSKL's name, kept so configs and state dicts port
    """:class:`~stgcn_kit.models.gcn.mstcn` run on the joints plus their mean as an extra
    joint, whose branch outputs are then added back to every joint ``v`` weighted by the
    learned ``add_coeff[v]`` (initialised to 0) before the transform.

    Args:
        in_channels: ``C_in``.
        out_channels: ``C_out``.
        mid_channels: see :class:`mstcn`.
        num_joints: length of ``add_coeff``; at least ``V`` (PYSKL's default 25 whatever the
            layout, so its checkpoints hold 25).
        dropout: dropout probability at the end.
        ms_cfg: the branches, see :class:`mstcn`.
        stride: temporal stride of every branch.
    """

    def __init__(self, in_channels: int, out_channels: int, mid_channels: Optional[float] = None,
                 num_joints: int = 25, dropout: float = 0.,
                 ms_cfg: Sequence[BranchCfg] = ((3, 1), (3, 2), (3, 3), (3, 4), ('max', 3), '1x1'),
                 stride: int = 1) -> None:
        super().__init__(in_channels, out_channels, mid_channels, dropout, ms_cfg, stride)
        self.num_joints = num_joints
        self.add_coeff = nn.Parameter(torch.zeros(num_joints))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, V)`` -> ``(N, C_out, ceil(T / stride), V)``."""
        v = x.size(-1)
        if v > self.num_joints:
            raise ValueError(f'dgmstcn: {v} joints, but add_coeff has {self.num_joints}')
        x = torch.cat([x, x.mean(-1, keepdim=True)], -1)
        out = torch.cat([branch(x) for branch in self.branches], dim=1)
        feat = out[..., :v] + out[..., v:] * self.add_coeff[:v]
        return self.drop(self.bn(self.transform(feat)))

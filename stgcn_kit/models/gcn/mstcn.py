"""The multi-scale temporal convolution of ST-GCN++ (PYSKL's ``mstcn``)."""
from typing import Optional, Sequence, Tuple, Union

import torch
from torch import nn

from .unit_tcn import unit_tcn

BranchCfg = Union[Tuple[int, int], Tuple[str, int], str]


class mstcn(nn.Module):  # noqa: N801 -- PYSKL's name, kept so configs and state dicts port
    """Parallel temporal branches, concatenated, then ``BN -> ReLU -> conv 1x1``, BN, dropout.

    Each branch first squeezes the channels with ``conv 1x1 -> BN -> ReLU`` and then applies
    ``(kernel, dilation)`` a dilated :class:`unit_tcn` without normalisation, ``('max', k)`` a
    temporal max-pool, or ``'1x1'`` is a single strided 1x1 convolution. Branch ``0`` takes the
    channels left over by the integer division, as in PYSKL.

    Args:
        in_channels: ``C_in``.
        out_channels: ``C_out``.
        mid_channels: a fraction of ``C_out`` per branch; ``None`` splits ``C_out`` evenly.
        dropout: dropout probability at the end.
        ms_cfg: the branches.
        stride: temporal stride of every branch.
    """

    def __init__(self, in_channels: int, out_channels: int, mid_channels: Optional[float] = None,
                 dropout: float = 0.,
                 ms_cfg: Sequence[BranchCfg] = ((3, 1), (3, 2), (3, 3), (3, 4), ('max', 3), '1x1'),
                 stride: int = 1) -> None:
        super().__init__()
        num_branches = len(ms_cfg)
        if mid_channels is None:
            mid = out_channels // num_branches
            first = out_channels - mid * (num_branches - 1)
        else:
            mid = first = int(out_channels * mid_channels)
        branches = []
        for i, cfg in enumerate(ms_cfg):
            branch_c = first if i == 0 else mid
            if cfg == '1x1':
                branches.append(nn.Conv2d(in_channels, branch_c, kernel_size=1,
                                          stride=(stride, 1)))
                continue
            if cfg[0] == 'max':
                temporal = nn.MaxPool2d(kernel_size=(cfg[1], 1), stride=(stride, 1),
                                        padding=((cfg[1] - 1) // 2, 0))
            elif isinstance(cfg[0], int) and isinstance(cfg[1], int):
                temporal = unit_tcn(branch_c, branch_c, kernel_size=cfg[0], stride=stride,
                                    dilation=cfg[1], norm=None)
            else:
                raise ValueError(f"mstcn: branch {cfg!r} is not (kernel, dilation), ('max', k) "
                                 "or '1x1'")
            branches.append(nn.Sequential(nn.Conv2d(in_channels, branch_c, kernel_size=1),
                                          nn.BatchNorm2d(branch_c), nn.ReLU(), temporal))
        self.branches = nn.ModuleList(branches)
        cat_channels = first + mid * (num_branches - 1)
        self.transform = nn.Sequential(nn.BatchNorm2d(cat_channels), nn.ReLU(),
                                       nn.Conv2d(cat_channels, out_channels, kernel_size=1))
        self.bn = nn.BatchNorm2d(out_channels)
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, V)`` -> ``(N, C_out, ceil(T / stride), V)``."""
        feat = torch.cat([branch(x) for branch in self.branches], dim=1)
        return self.drop(self.bn(self.transform(feat)))

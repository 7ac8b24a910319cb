"""The multi-scale temporal convolution of MS-G3D (PYSKL's ``MSTCN``), also CTR-GCN's."""
from typing import List, Sequence, Union

import torch
from torch import nn

from .init_func import kaiming_conv_init
from .unit_tcn import residual_path, unit_tcn


class MSTCN(nn.Module):
    """Parallel temporal branches, concatenated, plus a residual, then ReLU and dropout.

    Each dilated branch is ``conv 1x1 -> BN -> ReLU ->`` a :class:`unit_tcn` (with BN) of its
    ``(kernel, dilation)``; then ``conv 1x1 -> BN -> ReLU -> max-pool 3 -> BN`` and a strided
    ``conv 1x1 -> BN`` that takes the channels left over by the integer division. Unlike
    :class:`~stgcn_kit.models.gcn.mstcn` there is no transform after the concatenation.

    Args:
        in_channels: ``C_in``.
        out_channels: ``C_out``.
        kernel_size: temporal kernel of every dilated branch, or one per dilation.
        stride: temporal stride of every branch and of the residual.
        dilations: one dilated branch per entry.
        residual: add the residual: identity when the shape is kept, else a strided 1x1
            :class:`unit_tcn`.
        tcn_dropout: dropout probability at the end.
    """

    def __init__(self, in_channels: int, out_channels: int,
                 kernel_size: Union[int, Sequence[int]] = 3, stride: int = 1,
                 dilations: Sequence[int] = (1, 2, 3, 4), residual: bool = True,
                 tcn_dropout: float = 0.) -> None:
        super().__init__()
        num_branches = len(dilations) + 2
        mid = out_channels // num_branches
        rem = out_channels - mid * (num_branches - 1)
        kernels = list(kernel_size) if isinstance(kernel_size, (list, tuple)) \
            else [kernel_size] * len(dilations)
        if len(kernels) != len(dilations):
            raise ValueError(f'MSTCN: {len(kernels)} kernel sizes for {len(dilations)} '
                             'dilations')
        branches = [nn.Sequential(nn.Conv2d(in_channels, mid, 1), nn.BatchNorm2d(mid), nn.ReLU(),
                                  unit_tcn(mid, mid, kernel, stride=stride, dilation=dilation))
                    for kernel, dilation in zip(kernels, dilations)]
        branches.append(nn.Sequential(
            nn.Conv2d(in_channels, mid, 1), nn.BatchNorm2d(mid), nn.ReLU(),
            nn.MaxPool2d(kernel_size=(3, 1), stride=(stride, 1), padding=(1, 0)),
            nn.BatchNorm2d(mid)))
        branches.append(nn.Sequential(nn.Conv2d(in_channels, rem, 1, stride=(stride, 1)),
                                      nn.BatchNorm2d(rem)))
        self.branches = nn.ModuleList(branches)
        self.residual = residual_path(in_channels, out_channels, stride, residual)
        self.act = nn.ReLU()
        self.drop = nn.Dropout(tcn_dropout)

    def init_weights(self) -> None:
        """PYSKL's: Kaiming convolutions, BN weight 1 and bias 0."""
        kaiming_conv_init(self)

    def branch_outputs(self, x: torch.Tensor) -> List[torch.Tensor]:
        """Each branch's ``(N, C_branch, ceil(T / stride), V)`` output, in concatenation
        order."""
        return [branch(x) for branch in self.branches]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, V)`` -> ``(N, C_out, ceil(T / stride), V)``."""
        out = torch.cat(self.branch_outputs(x), dim=1)
        if self.residual is not None:
            out = out + self.residual(x)
        return self.drop(self.act(out))

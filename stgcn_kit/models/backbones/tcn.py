"""A temporal convolution network over each frame's concatenated joints: the baseline of the
ST-GCN paper (Table 1 "Baseline TCN", Table 3 "Temporal Conv", after Kim & Reiter 2017)."""
from typing import Optional, Sequence

import torch
from torch import nn

from ...registry import MODELS
from ..gcn import residual_path, unit_tcn
from .base_gcn import SkeletonGCN, stage_plan


class TemporalBlock(nn.Module):
    """``ReLU(unit_tcn(x) + residual(x))``: an ST-GCN block without its graph unit.

    Args:
        in_channels: ``C_in``.
        out_channels: ``C_out``.
        kernel_size: temporal kernel length.
        stride: temporal stride of the convolution and of the residual.
        residual: add the residual: identity when the shape is kept, else a strided 1x1
            :class:`~stgcn_kit.models.gcn.unit_tcn`.
        dropout: dropout after the convolution's BN.
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, stride: int = 1,
                 residual: bool = True, dropout: float = 0.) -> None:
        super().__init__()
        self.tcn = unit_tcn(in_channels, out_channels, kernel_size, stride=stride,
                            dropout=dropout)
        self.residual = residual_path(in_channels, out_channels, stride, residual)
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C_in, T, 1)`` -> ``(N, C_out, ceil(T / stride), 1)``."""
        res = 0 if self.residual is None else self.residual(x)
        return self.relu(self.tcn(x) + res)


@MODELS.register_module()
class TCN(SkeletonGCN):
    """Temporal convolutions over each person's frames, the ``V x C`` joint coordinates of a
    frame being one feature vector: no graph, every joint mixed with every other from the
    first layer.

    After the input BN (``'VC'``), stage 1 maps ``V * C`` channels to ``base_channels``;
    later stages follow :func:`~stgcn_kit.models.backbones.base_gcn.stage_plan`, so the
    defaults give the widths and strides of the ST-GCN paper's nine units (64, 64, 64,
    128/2, 128, 128, 256/2, 256, 256).

    Args:
        graph_cfg: ``dict(layout=...)``: the layout gives ``V``; no graph is used.
        in_channels: ``C`` of each joint.
        base_channels: width of stage 1.
        ch_ratio: width multiplier at each inflate stage.
        num_person: ``M`` (kept for the config's symmetry with the GCN backbones).
        num_stages: number of stages.
        inflate_stages: 1-based stages that widen.
        down_stages: 1-based stages with temporal stride 2.
        kernel_size: temporal kernel length of every stage.
        first_residual: give stage 1 a residual.
        dropout: dropout in every stage but the first.
        init_cfg: mmengine initialisation config.

    Input ``(N, M, T, V, C)``, output ``(N, M, C_out, T_out, 1)``.
    """

    def __init__(self, graph_cfg: dict, in_channels: int = 3, base_channels: int = 64,
                 ch_ratio: float = 2, num_person: int = 2, num_stages: int = 9,
                 inflate_stages: Sequence[int] = (4, 7), down_stages: Sequence[int] = (4, 7),
                 kernel_size: int = 9, first_residual: bool = True, dropout: float = 0.,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(graph_cfg, in_channels, 'VC', num_person, init_cfg)
        plan = stage_plan(self.graph.num_node * in_channels, base_channels, ch_ratio,
                          num_stages, inflate_stages, down_stages)
        self.tcn = nn.ModuleList(
            TemporalBlock(c_in, c_out, kernel_size, stride,
                          residual=first_residual if stage == 0 else True,
                          dropout=0. if stage == 0 else dropout)
            for stage, (c_in, c_out, stride) in enumerate(plan))
        self.out_channels = plan[-1][1]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, M, T, V, C)`` -> ``(N, M, C_out, T_out, 1)``."""
        self.check_input(x)
        n, m, t, v, c = x.shape
        x = self.normalize_input(x)  # (N*M, C, T, V)
        x = x.permute(0, 3, 1, 2).reshape(n * m, v * c, t, 1)  # channel v * C + c
        for block in self.tcn:
            x = block(x)
        return x.reshape((n, m) + x.shape[1:])

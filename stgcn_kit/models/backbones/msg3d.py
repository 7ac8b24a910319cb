"""MS-G3D (Liu et al., CVPR 2020) as PYSKL ships it (PYSKL's ``MSG3D``)."""
from typing import Optional

import torch
from torch import nn

from ...registry import MODELS
from ..gcn import MSGCN, MSTCN, MW_MSG3DBlock
from .base_gcn import SkeletonGCN


@MODELS.register_module()
class MSG3D(SkeletonGCN):
    """Three stages, each ``ReLU(spatial(x) + g3d(x))`` and then an :class:`MSTCN`:

    - spatial (``sgcnI``): :class:`MSGCN` with ``num_gcn_scales`` and two :class:`MSTCN`, the
      second without its closing ReLU;
    - G3D (``gcn3dI``): :class:`MW_MSG3DBlock`, windows of 3 and 5 frames with
      ``num_g3d_scales``;
    - widths ``base_channels`` x 1, 2, 4; stages 2 and 3 halve ``T``.

    The graph must be a single 0/1 adjacency (``graph_cfg`` mode ``binary_adj``); it is kept
    as buffer ``A`` because PYSKL's checkpoints hold it. Parameter and buffer names equal
    PYSKL's, so its checkpoints load with ``strict=True``.

    Args:
        graph_cfg: arguments of :class:`~stgcn_kit.models.graph.Graph`.
        in_channels: ``C`` of the input.
        base_channels: width of stage 1.
        num_gcn_scales: hops of the spatial pathway's scales.
        num_g3d_scales: hops of the G3D window graphs' scales.
        num_person: ``M`` (input BN per person slot, joint and channel).
        tcn_dropout: dropout at the end of each stage.
        init_cfg: mmengine initialisation config, e.g. ``Pretrained``.

    Input ``(N, M, T, V, C)``, output ``(N, M, 4 · base_channels, T_out, V)``.
    """

    def __init__(self, graph_cfg: dict, in_channels: int = 3, base_channels: int = 96,
                 num_gcn_scales: int = 13, num_g3d_scales: int = 6, num_person: int = 2,
                 tcn_dropout: float = 0., init_cfg: Optional[dict] = None) -> None:
        super().__init__(graph_cfg, in_channels, 'MVC', num_person, init_cfg)
        if self.graph.A.shape[0] != 1:
            raise ValueError(f'MSG3D needs a single adjacency matrix (graph mode binary_adj), '
                             f'got {self.graph.A.shape[0]} from mode {self.graph.mode!r}')
        A = torch.tensor(self.graph.A[0], dtype=torch.float32)
        self.register_buffer('A', A)
        self.num_point = A.size(-1)
        self.base_channels = base_channels
        widths = [in_channels, base_channels, base_channels * 2, base_channels * 4]
        for stage in range(1, 4):
            c_in, c_out = widths[stage - 1], widths[stage]
            stride = 1 if stage == 1 else 2
            setattr(self, f'gcn3d{stage}', MW_MSG3DBlock(c_in, c_out, A, num_g3d_scales,
                                                         window_stride=stride, first=stage == 1))
            gcn_out = c_out if stage == 1 else c_in
            spatial = nn.Sequential(MSGCN(num_gcn_scales, c_in, gcn_out, A),
                                    MSTCN(gcn_out, c_out, stride=stride), MSTCN(c_out, c_out))
            spatial[-1].act = nn.Identity()
            setattr(self, f'sgcn{stage}', spatial)
            setattr(self, f'tcn{stage}', MSTCN(c_out, c_out, tcn_dropout=tcn_dropout))
        self.out_channels = widths[-1]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, M, T, V, C)`` -> ``(N, M, C_out, T_out, V)``."""
        self.check_input(x)
        n, m = x.shape[:2]
        x = self.normalize_input(x)
        for stage in range(1, 4):
            x = torch.relu(getattr(self, f'sgcn{stage}')(x) + getattr(self, f'gcn3d{stage}')(x))
            x = getattr(self, f'tcn{stage}')(x)
        return x.reshape((n, m) + x.shape[1:])

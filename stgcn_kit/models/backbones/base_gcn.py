"""What the GCN backbones share: the input BN, the initialisation and the choice between the
fast layer and the plain units (:class:`SkeletonGCN`); for ST-GCN, AAGCN and DG-STGCN also the
stage schedule (:class:`BaseGCN`)."""
import copy
from typing import List, Optional, Sequence, Tuple, Type

import torch
from mmengine.model import BaseModule
from mmengine.registry import DefaultScope
from torch import nn

from stgcn_kit.registry import SCOPE

from ..fast import FastForward, accelerate
from ..gcn import GCNBlock
from ..graph import Graph

DATA_BN_TYPES = ('VC', 'MVC', None)
IMPLS = ('fast', 'plain')


def check_impl(impl: str) -> None:
    """A clear error for an ``impl`` that is neither ``'fast'`` nor ``'plain'``."""
    if impl not in IMPLS:
        raise ValueError(f'impl must be one of {IMPLS}, got {impl!r}')


class SkeletonGCN(BaseModule):
    """A backbone over ``(N, M, T, V, C)`` skeletons whose input first goes through a BN.

    Args:
        graph_cfg: arguments of :class:`~stgcn_kit.models.graph.Graph`.
        in_channels: ``C`` of the input.
        data_bn_type: ``'VC'`` normalises each (joint, channel) over persons and frames,
            ``'MVC'`` each (person slot, joint, channel), ``None`` skips the input BN.
        num_person: ``M``, needed by ``'MVC'``.
        init_cfg: mmengine initialisation config, e.g. ``dict(type='Pretrained',
            checkpoint=PATH, prefix='backbone.')`` to load a recognizer checkpoint's backbone.
    """

    def __init__(self, graph_cfg: dict, in_channels: int, data_bn_type: Optional[str],
                 num_person: int, init_cfg: Optional[dict]) -> None:
        super().__init__(init_cfg=init_cfg)
        if data_bn_type not in DATA_BN_TYPES:
            raise ValueError(f'data_bn_type must be one of {DATA_BN_TYPES}, got {data_bn_type!r}')
        self.graph = Graph(**graph_cfg)
        num_node = self.graph.A.shape[-1]
        self.data_bn_type = data_bn_type
        self.num_person = num_person
        self.in_channels = in_channels
        if data_bn_type == 'MVC':
            self.data_bn = nn.BatchNorm1d(num_person * in_channels * num_node)
        elif data_bn_type == 'VC':
            self.data_bn = nn.BatchNorm1d(in_channels * num_node)
        else:
            self.data_bn = nn.Identity()

    def init_weights(self) -> None:
        # mmengine builds init_cfg types in the current scope; inside the project's, a
        # 'Pretrained' checkpoint loads as data (stgcn_kit.models.pretrained) also when the
        # backbone is built and initialised outside a runner
        with DefaultScope.overwrite_default_scope(SCOPE):
            super().init_weights()

    def check_input(self, x: torch.Tensor) -> None:
        """A clear error for an ``(N, M, T, V, C)`` input of the wrong joints, channels or
        persons."""
        _, m, _, v, c = x.shape
        expected_m = self.num_person if self.data_bn_type == 'MVC' else m
        if (m, v, c) != (expected_m, self.graph.num_node, self.in_channels):
            raise ValueError(f'input (N, M, T, V, C) = {tuple(x.shape)}: this backbone expects '
                             f'V={self.graph.num_node}, C={self.in_channels}'
                             + (f', M={self.num_person} (data_bn_type MVC)'
                                if self.data_bn_type == 'MVC' else ''))

    def normalize_input(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, M, T, V, C)`` -> ``(N*M, C, T, V)`` through the input BN, as PYSKL."""
        n, m, t, v, c = x.shape
        x = x.permute(0, 1, 3, 4, 2).contiguous()  # (N, M, V, C, T)
        if self.data_bn_type == 'MVC':
            x = self.data_bn(x.view(n, m * v * c, t))
        elif self.data_bn_type == 'VC':
            x = self.data_bn(x.view(n * m, v * c, t))
        return x.view(n, m, v, c, t).permute(0, 1, 3, 4, 2).contiguous().view(n * m, c, t, v)

    def use_impl(self, impl: str, fast_channels_last: bool, blocks: nn.ModuleList) -> None:
        """Compute ``blocks`` with :mod:`stgcn_kit.models.fast` (``impl='fast'``; on the CPU
        with ``fast_channels_last`` channels-last, :class:`~stgcn_kit.models.fast.FastForward`)
        or with the units as written (``'plain'``, PYSKL's code paths). Same parameters and
        state dict, same math; float32 sums differ in order."""
        check_impl(impl)
        self.impl = impl
        self.fast = FastForward(fast_channels_last) if impl == 'fast' else None
        if self.fast is not None:
            accelerate(blocks)

    def forward_blocks(self, x: torch.Tensor, blocks: nn.ModuleList) -> torch.Tensor:
        """``(N, M, T, V, C)`` -> ``(N, M, C_out, T_out, V)``: the input BN, then ``blocks`` in
        turn, computed as :meth:`use_impl` chose."""
        self.check_input(x)
        if self.fast is not None:
            return self.fast(self, x, blocks)
        n, m = x.shape[:2]
        x = self.normalize_input(x)
        for block in blocks:
            x = block(x)
        return x.reshape((n, m) + x.shape[1:])


def stage_plan(in_channels: int, base_channels: int, ch_ratio: float, num_stages: int,
               inflate_stages: Sequence[int],
               down_stages: Sequence[int]) -> List[Tuple[int, int, int]]:
    """``(C_in, C_out, temporal stride)`` of stages ``1..num_stages``, PYSKL's schedule: stage 1
    maps ``in_channels`` to ``base_channels``; a later stage multiplies the width by
    ``ch_ratio`` when it is in ``inflate_stages`` and has stride 2 when in ``down_stages``."""
    plan = [(in_channels, base_channels, 1)]
    width, inflations = base_channels, 0
    for stage in range(2, num_stages + 1):
        inflations += stage in inflate_stages
        # the epsilon keeps int() from rounding a fractional ratio's product down
        out_width = int(base_channels * ch_ratio**inflations + 1e-4)
        plan.append((width, out_width, 1 + (stage in down_stages)))
        width = out_width
    return plan


class BaseGCN(SkeletonGCN):
    """A stack of :class:`~stgcn_kit.models.gcn.GCNBlock` over a skeleton graph, PYSKL's stage
    schedule.

    Stage 1 maps ``in_channels`` to ``base_channels``, without residual unless
    ``first_residual`` (skipped when they are equal); stages ``2..num_stages`` multiply the
    width by ``ch_ratio`` at ``inflate_stages`` and halve ``T`` at ``down_stages``
    (:func:`stage_plan`). A keyword argument given as a tuple of ``num_stages``
    values is spread over the stages; stage 1 never gets ``tcn_dropout``.

    Args:
        gcn_unit: the graph unit class of every block.
        graph_cfg: arguments of :class:`~stgcn_kit.models.graph.Graph`.
        in_channels: ``C`` of the input.
        base_channels: width of stage 1.
        data_bn_type: ``'VC'`` normalises each (joint, channel) over persons and frames,
            ``'MVC'`` each (person slot, joint, channel), ``None`` skips the input BN.
        ch_ratio: width multiplier at each inflate stage.
        num_person: ``M``, needed by ``'MVC'``.
        num_stages: number of stages.
        inflate_stages: 1-based stages that widen.
        down_stages: 1-based stages with temporal stride 2.
        first_residual: give stage 1 a residual (a 1x1 :class:`unit_tcn`), as the ST-GCN paper
            does for every unit; PYSKL's and ST-GCN's code leave it out.
        impl: ``'fast'`` (default) or ``'plain'`` (PYSKL's code paths), see
            :meth:`SkeletonGCN.use_impl`.
        fast_channels_last: with ``impl='fast'``, run the blocks channels-last on the CPU.
        init_cfg: mmengine initialisation config, e.g. ``dict(type='Pretrained',
            checkpoint=PATH, prefix='backbone.')`` to load a recognizer checkpoint's backbone.
        **kwargs: ``gcn_*`` / ``tcn_*`` block arguments.
    """

    def __init__(self, gcn_unit: Type[nn.Module], graph_cfg: dict, in_channels: int = 3,
                 base_channels: int = 64, data_bn_type: Optional[str] = 'VC', ch_ratio: float = 2,
                 num_person: int = 2, num_stages: int = 10, inflate_stages: Sequence[int] = (5, 8),
                 down_stages: Sequence[int] = (5, 8), first_residual: bool = False,
                 impl: str = 'fast', fast_channels_last: bool = True,
                 init_cfg: Optional[dict] = None, **kwargs) -> None:
        super().__init__(graph_cfg, in_channels, data_bn_type, num_person, init_cfg)
        A = torch.tensor(self.graph.A, dtype=torch.float32)
        self.base_channels = base_channels

        stage_kwargs = [copy.deepcopy(kwargs) for _ in range(num_stages)]
        for key, value in kwargs.items():
            if isinstance(value, tuple) and len(value) == num_stages:
                for stage, stage_value in zip(stage_kwargs, value):
                    stage[key] = stage_value
        stage_kwargs[0].pop('tcn_dropout', None)

        blocks = []
        plan = stage_plan(in_channels, base_channels, ch_ratio, num_stages, inflate_stages,
                          down_stages)
        for stage, (width, out_width, stride) in enumerate(plan):
            if stage == 0 and in_channels == base_channels:
                continue
            residual = first_residual if stage == 0 else True
            blocks.append(GCNBlock(gcn_unit, width, out_width, A, stride, residual=residual,
                                   **stage_kwargs[stage]))
        self.gcn = nn.ModuleList(blocks)
        self.out_channels = plan[-1][1]
        self.use_impl(impl, fast_channels_last, self.gcn)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, M, T, V, C)`` -> ``(N, M, C_out, T_out, V)``."""
        return self.forward_blocks(x, self.gcn)

"""What ST-GCN and AAGCN share: input BN, the stage schedule, the block loop, pretrained loading."""
import copy
from typing import Optional, Sequence, Type

import torch
from mmengine.logging import MMLogger
from mmengine.model import BaseModule
from mmengine.runner.checkpoint import load_state_dict
from torch import nn

from stgcn_kit.engine.checkpoint_compat import load_checkpoint_file
from ..graph import Graph
from .gcn_block import GCNBlock

DATA_BN_TYPES = ('VC', 'MVC', None)


class BaseGCN(BaseModule):
    """A stack of :class:`GCNBlock` over a skeleton graph, PYSKL's stage schedule.

    Stage 1 maps ``in_channels`` to ``base_channels`` without residual (skipped when they are
    equal); stages ``2..num_stages`` multiply the width by ``ch_ratio`` at ``inflate_stages``
    and halve ``T`` at ``down_stages``. A keyword argument given as a tuple of ``num_stages``
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
        pretrained: a checkpoint path loaded by :meth:`init_weights`; keys may carry a
            ``backbone.`` prefix (a whole recognizer checkpoint) or not.
        **kwargs: ``gcn_*`` / ``tcn_*`` block arguments.
    """

    #: on CPU, run the blocks on channels-last ``(N, C, T, V)`` activations (stored
    #: ``(N, T, V, C)``): oneDNN's convolutions take that layout without reordering and the graph
    #: product becomes small GEMMs per frame. Same math; float32 sums in another order. CUDA
    #: inputs stay contiguous: on an H200, channels-last ST-GCN trained at 0.79x and inferred at
    #: 0.88x the speed of PYSKL's code, the contiguous path at 0.98x and 0.96x (docs/benchmark.md).
    channels_last: bool = True
    #: in eval mode, run the blocks once per person slot for all its all-zero (padded) persons
    #: and share that output: exact, since eval-mode rows do not interact. Off by default (a
    #: check per input); training always runs every person, as the batch statistics see them.
    #: Switch on with :func:`stgcn_kit.models.deploy.skip_empty_persons`.
    skip_empty_persons: bool = False

    def __init__(self, gcn_unit: Type[nn.Module], graph_cfg: dict, in_channels: int = 3,
                 base_channels: int = 64, data_bn_type: Optional[str] = 'VC', ch_ratio: float = 2,
                 num_person: int = 2, num_stages: int = 10, inflate_stages: Sequence[int] = (5, 8),
                 down_stages: Sequence[int] = (5, 8), pretrained: Optional[str] = None,
                 **kwargs) -> None:
        super().__init__()
        if data_bn_type not in DATA_BN_TYPES:
            raise ValueError(f'data_bn_type must be one of {DATA_BN_TYPES}, got {data_bn_type!r}')
        self.graph = Graph(**graph_cfg)
        A = torch.tensor(self.graph.A, dtype=torch.float32)
        num_node = A.size(-1)
        self.data_bn_type = data_bn_type
        self.num_person = num_person
        self.in_channels = in_channels
        self.base_channels = base_channels
        self.pretrained = pretrained
        if data_bn_type == 'MVC':
            self.data_bn = nn.BatchNorm1d(num_person * in_channels * num_node)
        elif data_bn_type == 'VC':
            self.data_bn = nn.BatchNorm1d(in_channels * num_node)
        else:
            self.data_bn = nn.Identity()

        stage_kwargs = [copy.deepcopy(kwargs) for _ in range(num_stages)]
        for key, value in kwargs.items():
            if isinstance(value, tuple) and len(value) == num_stages:
                for stage, stage_value in zip(stage_kwargs, value):
                    stage[key] = stage_value
        stage_kwargs[0].pop('tcn_dropout', None)

        blocks = []
        if in_channels != base_channels:
            blocks.append(GCNBlock(gcn_unit, in_channels, base_channels, A, 1, residual=False,
                                   **stage_kwargs[0]))
        width, inflations = base_channels, 0
        for stage in range(2, num_stages + 1):
            inflations += stage in inflate_stages
            # the epsilon keeps int() from rounding a fractional ratio's product down
            out_width = int(base_channels * ch_ratio**inflations + 1e-4)
            blocks.append(GCNBlock(gcn_unit, width, out_width, A, 1 + (stage in down_stages),
                                   **stage_kwargs[stage - 1]))
            width = out_width
        self.gcn = nn.ModuleList(blocks)
        self.out_channels = width

    def init_weights(self) -> None:
        """Initialise the units, then load ``pretrained`` if given (non-strict, logged)."""
        super().init_weights()
        if self.pretrained is None:
            return
        state = load_checkpoint_file(self.pretrained, 'cpu', weights_only_parts=True)
        state = state.get('state_dict', state)
        if any(key.startswith('backbone.') for key in state):
            state = {key[len('backbone.'):]: value for key, value in state.items()
                     if key.startswith('backbone.')}
        load_state_dict(self, state, strict=False, logger=MMLogger.get_current_instance())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, M, T, V, C)`` -> ``(N, M, C_out, T_out, V)``."""
        n, m, t, v, c = x.shape
        expected_m = self.num_person if self.data_bn_type == 'MVC' else m
        if (m, v, c) != (expected_m, self.graph.num_node, self.in_channels):
            raise ValueError(f'input (N, M, T, V, C) = {tuple(x.shape)}: this backbone expects '
                             f'V={self.graph.num_node}, C={self.in_channels}'
                             + (f', M={self.num_person} (data_bn_type MVC)'
                                if self.data_bn_type == 'MVC' else ''))
        empty = x.flatten(2).eq(0).all(-1) if self.skip_empty_persons else None  # (N, M)
        # Rows (frames) by features (joints x channels) is the input's own order, and BatchNorm1d
        # over rows takes the same statistics as PYSKL's (N*M, V*C, T) form (over N*M and T).
        if self.data_bn_type == 'VC':
            x = self.data_bn(x.reshape(n * m * t, v * c))
        elif self.data_bn_type == 'MVC':
            x = self.data_bn(x.transpose(1, 2).reshape(n * t, m * v * c))
            x = x.view(n, t, m, v, c).transpose(1, 2)
        x = x.reshape(n * m, t, v, c).permute(0, 3, 1, 2)  # (N*M, C, T, V) stored channels-last
        if not (self.channels_last and x.device.type == 'cpu'):
            x = x.contiguous()
        if self.skip_empty_persons and not self.training:
            x = self._run_blocks_once_per_empty_slot(x, empty.flatten().tolist(), m)
        else:
            x = self._run_blocks(x)
        return x.reshape((n, m) + x.shape[1:]).contiguous()

    def _run_blocks(self, x: torch.Tensor) -> torch.Tensor:
        for block in self.gcn:
            x = block(x)
        return x

    def _run_blocks_once_per_empty_slot(self, x: torch.Tensor, empty: Sequence[bool],
                                        num_slots: int) -> torch.Tensor:
        """The blocks on ``x`` ``(N*M, C, T, V)``, running one empty row per person slot only.

        In eval mode the rows do not interact, so every all-zero person of a slot (the input BN
        may differ per slot) gets the same output: computing it once is exact.
        """
        run, source, slot_row = [], [], {}
        for row, is_empty in enumerate(empty):
            slot = row % num_slots
            if is_empty and slot in slot_row:
                source.append(slot_row[slot])
                continue
            if is_empty:
                slot_row[slot] = len(run)
            source.append(len(run))
            run.append(row)
        if len(run) == len(empty):
            return self._run_blocks(x)
        out = self._run_blocks(x[run])
        return out[source]

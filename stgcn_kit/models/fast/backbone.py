"""How a backbone built with ``impl='fast'`` runs its input BN and its blocks."""
from typing import List, Sequence

import torch
from torch import nn


class FastForward:
    """The fast forward of a GCN backbone's blocks (ST-GCN, AAGCN, DG-STGCN, CTR-GCN: see
    :meth:`~stgcn_kit.models.backbones.base_gcn.SkeletonGCN.use_impl`), same math.

    - The input BN works on ``(frames, joints x channels)`` rows, the input's own order, with
      the statistics of PYSKL's ``(N*M, V*C, T)`` form, so the input needs no permuted copies.
    - On the CPU and with ``channels_last``, the blocks run on channels-last ``(N, C, T, V)``
      activations (stored ``(N, T, V, C)``): oneDNN's convolutions take that layout without
      reordering and the graph product becomes small GEMMs per frame. Other devices keep the
      contiguous layout, which suits cuDNN's kernels and PYSKL's product order there.
    - With :attr:`skip_empty_persons`, in eval mode, all-zero (padded) persons are computed
      once per person slot (:func:`~.deploy.skip_empty_persons`).

    Args:
        channels_last: run the blocks channels-last on the CPU (see above).
    """

    def __init__(self, channels_last: bool = True) -> None:
        self.channels_last = channels_last
        #: in eval mode, run the blocks once per person slot for all its all-zero (padded)
        #: persons and share that output: exact, since eval-mode rows do not interact. Off by
        #: default (a check per input); training always runs every person, as the batch
        #: statistics see them.
        self.skip_empty_persons = False

    def __call__(self, backbone: nn.Module, x: torch.Tensor, blocks: nn.ModuleList) -> torch.Tensor:
        """``backbone``'s forward through its ``blocks``: ``(N, M, T, V, C)`` ->
        ``(N, M, C_out, T_out, V)``."""
        n, m, t, v, c = x.shape
        skip = self.skip_empty_persons and not backbone.training
        empty = x.flatten(2).eq(0).all(-1).flatten().tolist() if skip else None  # N*M flags
        if backbone.data_bn_type == 'VC':
            x = backbone.data_bn(x.reshape(n * m * t, v * c))
        elif backbone.data_bn_type == 'MVC':
            x = backbone.data_bn(x.transpose(1, 2).reshape(n * t, m * v * c))
            x = x.view(n, t, m, v, c).transpose(1, 2)
        x = x.reshape(n * m, t, v, c).permute(0, 3, 1, 2)  # (N*M, C, T, V) stored channels-last
        if not (self.channels_last and x.device.type == 'cpu'):
            x = x.contiguous()
        if skip:
            x = _run_once_per_empty_slot(blocks, x, empty, m)
        else:
            x = _run(blocks, x)
        return x.reshape((n, m) + x.shape[1:]).contiguous()


def _run(blocks: nn.ModuleList, x: torch.Tensor) -> torch.Tensor:
    for block in blocks:
        x = block(x)
    return x


def _run_once_per_empty_slot(blocks: nn.ModuleList, x: torch.Tensor, empty: Sequence[bool],
                             num_slots: int) -> torch.Tensor:
    """``blocks`` on ``x`` ``(N*M, C, T, V)``, running one empty row per person slot only.

    In eval mode the rows do not interact, so every all-zero person of a slot (the input BN
    may differ per slot) gets the same output: computing it once is exact.
    """
    run: List[int] = []
    source: List[int] = []
    slot_row = {}
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
        return _run(blocks, x)
    return _run(blocks, x[run])[source]

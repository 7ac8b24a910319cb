"""DG-STGCN (Duan et al., 2022) as PYSKL ships it (PYSKL's ``DGSTGCN``)."""
from typing import Optional, Sequence

from ...registry import MODELS
from ..gcn import dggcn
from .base_gcn import BaseGCN


@MODELS.register_module()
class DGSTGCN(BaseGCN):
    """The DG-STGCN backbone: :class:`BaseGCN`'s stages of
    :class:`~stgcn_kit.models.gcn.dggcn` graph units and, by default,
    :class:`~stgcn_kit.models.gcn.dgmstcn` temporal units; input BN ``'VC'`` by default.

    PYSKL's configs build it with ``graph_cfg=dict(layout=..., mode='random', num_filter=8,
    init_off=.04, init_std=.02)`` (the units learn their graphs from a random start),
    ``gcn_ratio``, ``gcn_ctr``, ``gcn_ada`` and ``tcn_ms_cfg``. Parameter and buffer names equal
    PYSKL's, so its checkpoints load with ``strict=True``.

    See :class:`BaseGCN` for the arguments (``impl``, ``init_cfg`` among them) and
    :class:`~stgcn_kit.models.gcn.dggcn`, :class:`~stgcn_kit.models.gcn.dgmstcn` for the unit
    arguments. Input ``(N, M, T, V, C)``, output ``(N, M, C_out, T_out, V)``.
    """

    def __init__(self, graph_cfg: dict, in_channels: int = 3, base_channels: int = 64,
                 ch_ratio: float = 2, num_stages: int = 10, inflate_stages: Sequence[int] = (5, 8),
                 down_stages: Sequence[int] = (5, 8), data_bn_type: Optional[str] = 'VC',
                 num_person: int = 2, **kwargs) -> None:
        kwargs.setdefault('tcn_type', 'dgmstcn')
        super().__init__(dggcn, graph_cfg, in_channels, base_channels, data_bn_type, ch_ratio,
                         num_person, num_stages, inflate_stages, down_stages, **kwargs)

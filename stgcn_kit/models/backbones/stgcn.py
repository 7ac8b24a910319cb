"""ST-GCN and ST-GCN++ (PYSKL's ``STGCN``)."""
from typing import Optional, Sequence

from ...registry import MODELS
from ..gcn import unit_gcn, unit_localgcn
from .base_gcn import BaseGCN

GCN_UNITS = {'unit_gcn': unit_gcn, 'unit_localgcn': unit_localgcn}


@MODELS.register_module()
class STGCN(BaseGCN):
    """The ST-GCN backbone; its variants are configurations of the ``gcn_``/``tcn_`` arguments.

    - ST-GCN (Yan et al. 2018, learnable edge importance): the defaults,
      ``gcn_adaptive='importance'`` with ``graph_cfg=dict(layout=..., mode='stgcn_spatial')``.
    - ST-GCN++ (PYSKL): ``gcn_adaptive='init', gcn_with_res=True, tcn_type='mstcn'`` with
      ``mode='spatial'``.
    - The ST-GCN paper's network: ``num_stages=9, inflate_stages=(4, 7), down_stages=(4, 7),
      first_residual=True`` with ``graph_cfg`` ``center='gravity', norm='paper'``.
    - The paper's "local convolution" baseline: ``gcn_type='unit_localgcn'``
      (:class:`~stgcn_kit.models.gcn.unit_localgcn`, one weight per joint pair).

    Parameter and buffer names equal PYSKL's, so its checkpoints load with ``strict=True``.
    See :class:`BaseGCN` for the arguments (``impl``, ``init_cfg`` among them) and
    :class:`~stgcn_kit.models.gcn.unit_gcn`,
    :class:`~stgcn_kit.models.gcn.unit_tcn`, :class:`~stgcn_kit.models.gcn.mstcn` for the
    unit arguments (``gcn_adaptive``, ``gcn_conv_pos``, ``gcn_with_res``, ``tcn_type``,
    ``tcn_dropout``, ``tcn_ms_cfg``, ...).

    Input ``(N, M, T, V, C)``, output ``(N, M, C_out, T_out, V)``.
    """

    def __init__(self, graph_cfg: dict, in_channels: int = 3, base_channels: int = 64,
                 data_bn_type: Optional[str] = 'VC', ch_ratio: float = 2, num_person: int = 2,
                 num_stages: int = 10, inflate_stages: Sequence[int] = (5, 8),
                 down_stages: Sequence[int] = (5, 8), **kwargs) -> None:
        gcn_type = kwargs.get('gcn_type', 'unit_gcn')
        if gcn_type not in GCN_UNITS:
            raise ValueError(f'STGCN: unknown gcn_type {gcn_type!r}; valid: {sorted(GCN_UNITS)}')
        super().__init__(GCN_UNITS[gcn_type], graph_cfg, in_channels, base_channels,
                         data_bn_type, ch_ratio, num_person, num_stages, inflate_stages,
                         down_stages, **kwargs)

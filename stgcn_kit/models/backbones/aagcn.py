"""AAGCN (MS-AAGCN's attention-augmented adaptive GCN) and the original 2s-AGCN."""
from typing import Optional, Sequence

import torch

from ...registry import MODELS
from ..gcn import unit_aagcn
from .base_gcn import BaseGCN


@MODELS.register_module()
class AAGCN(BaseGCN):
    """The AAGCN backbone as PYSKL/mmaction2 ship it: adaptive ``A`` and attention.

    The graph unit is :class:`~stgcn_kit.models.gcn.unit_aagcn`; ``gcn_adaptive`` (``True``,
    ``'original'``, ``False``), ``gcn_attention`` and ``gcn_coff_embedding`` reach it. The
    2s-AGCN network is ``AAGCN(..., gcn_adaptive='original', gcn_attention=False)``, registered
    as :class:`AGCN`. The input BN defaults to ``'MVC'``. The graph is kept as buffer ``A``
    because PYSKL's checkpoints hold it.

    See :class:`BaseGCN` for the arguments (``impl``, ``init_cfg`` among them). Input
    ``(N, M, T, V, C)``, output ``(N, M, C_out, T_out, V)``.
    """

    def __init__(self, graph_cfg: dict, in_channels: int = 3, base_channels: int = 64,
                 data_bn_type: Optional[str] = 'MVC', ch_ratio: float = 2, num_person: int = 2,
                 num_stages: int = 10, inflate_stages: Sequence[int] = (5, 8),
                 down_stages: Sequence[int] = (5, 8), **kwargs) -> None:
        # The attention gates compound over the blocks (outputs reach millions), so the order
        # of float32 sums shows at ~1e-5 of the scale: the fast path keeps the contiguous
        # layout, whose order stays close to PYSKL's, instead of channels-last's.
        kwargs.setdefault('fast_channels_last', False)
        super().__init__(unit_aagcn, graph_cfg, in_channels, base_channels, data_bn_type,
                         ch_ratio, num_person, num_stages, inflate_stages, down_stages, **kwargs)
        self.register_buffer('A', torch.tensor(self.graph.A, dtype=torch.float32))


@MODELS.register_module()
class AGCN(AAGCN):
    """2s-AGCN (Shi et al. 2019): ``A + B + C`` with ``B`` learned (initialised to ``1e-6``) and
    ``C`` the softmax of an embedded similarity, no attention. ``AAGCN`` with other defaults."""

    def __init__(self, graph_cfg: dict, gcn_adaptive='original', gcn_attention: bool = False,
                 **kwargs) -> None:
        super().__init__(graph_cfg, gcn_adaptive=gcn_adaptive, gcn_attention=gcn_attention,
                         **kwargs)

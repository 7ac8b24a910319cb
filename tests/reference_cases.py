"""The backbones behind ../shared/reference's PYSKL forward passes: ``<name>_eval.pt`` and
``<name>_state_dict.txt`` were made by PYSKL with these constructor arguments."""
from stgcn_kit.models import AAGCN, STGCN

PYSKL_CASES = {
    'stgcn_ntu_stgcn_spatial': (STGCN, dict(graph_cfg=dict(layout='nturgb+d',
                                                           mode='stgcn_spatial'))),
    'stgcnpp_ntu_spatial': (STGCN, dict(graph_cfg=dict(layout='nturgb+d', mode='spatial'),
                                        gcn_adaptive='init', gcn_with_res=True,
                                        tcn_type='mstcn')),
    'aagcn_ntu_spatial': (AAGCN, dict(graph_cfg=dict(layout='nturgb+d', mode='spatial'))),
}

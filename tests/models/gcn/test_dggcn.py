"""DG-STGCN's dynamic group graph convolution against PYSKL's own ``dggcn`` under the options
its configs leave at their defaults (tests/data/pyskl_gcn/dggcn_variants.pt, float64: per-group
gates, per-frame embeddings, other activations, either refinement off)."""
from pathlib import Path

import pytest
import torch

from stgcn_kit.models.gcn import dggcn

REF = Path(__file__).resolve().parents[2] / 'data' / 'pyskl_gcn' / 'dggcn_variants.pt'
SAVED = torch.load(REF, weights_only=True)


@pytest.mark.parametrize('case', SAVED['cases'], ids=lambda c: repr(c['kwargs']))
def test_dggcn_equals_pyskl(case):
    unit = dggcn(6, 16, SAVED['A'], **case['kwargs']).double()
    unit.load_state_dict(case['state'], strict=True)
    x = SAVED['input']
    with torch.no_grad():
        torch.testing.assert_close(unit.eval()(x), case['out'], rtol=1e-12, atol=1e-12)
    xg = x.clone().requires_grad_(True)
    unit.train()(xg).sum().backward()
    torch.testing.assert_close(xg.grad, case['grad'], rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize('kwargs,message', [
    (dict(ctr='X'), 'ctr and ada must be one of'),
    (dict(ada_act='gelu'), 'ada_act and ctr_act must be one of'),
    (dict(norm='GN'), "norm must be 'BN'"),
    (dict(act=dict(type='ReLU', inplace=True)), "act must be 'ReLU'"),
])
def test_unsupported_options_are_one_clear_error(kwargs, message):
    with pytest.raises(ValueError, match=message):
        dggcn(6, 16, SAVED['A'], **kwargs)

"""unit_gcn against PYSKL's formulation written out: conv, view, einsum, BN, residual, ReLU."""
import pytest
import torch
import torch.nn.functional as F
from gradient_check import assert_same_outputs_and_gradients

from stgcn_kit.models.gcn import unit_gcn
from stgcn_kit.models.graph import Graph

A = torch.tensor(Graph('coco', 'spatial').A)


def naive(unit, x):
    n, _, t, v = x.shape
    k = unit.num_subsets
    graph = {'importance': lambda: unit.A * unit.PA, 'offset': lambda: unit.A + unit.PA}.get(
        unit.adaptive, lambda: unit.A)()
    if unit.conv_pos == 'pre':
        y = unit.conv(x).view(n, k, -1, t, v)
        y = torch.einsum('nkctv,kvw->nctw', y, graph)
    else:
        y = unit.conv(torch.einsum('nctv,kvw->nkctw', x, graph).reshape(n, -1, t, v))
    y = unit.bn(y)
    if unit.with_res:
        y = y + unit.down(x)
    return F.relu(y)


@pytest.mark.parametrize('adaptive', ['importance', 'offset', 'init', None])
@pytest.mark.parametrize('conv_pos', ['pre', 'post'])
@pytest.mark.parametrize('c_in,c_out', [(3, 8), (8, 4)])
def test_matches_pyskl_formula(adaptive, conv_pos, c_in, c_out):
    torch.manual_seed(0)
    unit = unit_gcn(c_in, c_out, A, adaptive=adaptive, conv_pos=conv_pos, with_res=True).double()
    with torch.no_grad():
        for p in unit.parameters():
            p.add_(torch.randn_like(p) * 0.1)  # move PA / A away from their special initial values
    x = torch.randn(2, c_in, 6, 17, dtype=torch.float64, requires_grad=True)
    unit.eval()
    assert_same_outputs_and_gradients(unit, naive, x)


def test_adaptive_modes_register_the_graph_as_pyskl_does():
    params = {mode: dict(unit_gcn(3, 8, A, adaptive=mode).named_parameters())
              for mode in ('importance', 'offset', 'init', None)}
    assert 'PA' in params['importance'] and 'A' not in params['importance']
    assert torch.equal(params['importance']['PA'].data, torch.ones_like(A))
    assert params['offset']['PA'].abs().max() <= 1e-6
    assert 'A' in params['init'] and 'PA' not in params['init']
    assert 'A' not in params[None] and 'PA' not in params[None]

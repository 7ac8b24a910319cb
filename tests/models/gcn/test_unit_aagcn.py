"""unit_aagcn against a per-partition loop written from the AAGCN / 2s-AGCN papers."""
import pytest
import torch
from gradient_check import assert_same_outputs_and_gradients

from stgcn_kit.models.gcn import unit_aagcn
from stgcn_kit.models.graph import Graph

A = torch.tensor(Graph('nw-ucla', 'spatial').A)


def naive(unit, x):
    n, c, t, v = x.shape
    y = 0
    for k in range(unit.num_subset):
        graph = unit.A[k]
        if unit.adaptive:
            theta = unit.conv_a[k](x).permute(0, 3, 1, 2).reshape(n, v, -1)  # (N, V, C_e*T)
            phi = unit.conv_b[k](x).reshape(n, -1, v)  # (N, C_e*T, V)
            sim = theta @ phi / theta.shape[-1]
            if unit.adaptive == 'original':
                graph = graph + unit.PA[k] + torch.softmax(sim, dim=-2)
            else:
                graph = graph + unit.alpha * torch.tanh(sim)
        y = y + unit.conv_d[k]((x.reshape(n, c * t, v) @ graph).view(n, c, t, v))
    y = torch.relu(unit.bn(y) + unit.down(x))
    if unit.attention:
        y = y * torch.sigmoid(unit.conv_sa(y.mean(2))).unsqueeze(2) + y
        y = y * torch.sigmoid(unit.conv_ta(y.mean(3))).unsqueeze(3) + y
        se = torch.sigmoid(unit.fc2c(torch.relu(unit.fc1c(y.mean((2, 3))))))
        y = y * se[:, :, None, None] + y
    return y


@pytest.mark.parametrize('adaptive', [True, 'original', False])
@pytest.mark.parametrize('attention', [True, False])
@pytest.mark.parametrize('c_in,c_out', [(3, 8), (16, 8)])
def test_matches_the_paper_loop(adaptive, attention, c_in, c_out):
    torch.manual_seed(0)
    unit = unit_aagcn(c_in, c_out, A, adaptive=adaptive, attention=attention).double()
    unit.init_weights()
    with torch.no_grad():
        for p in unit.parameters():
            p.add_(torch.randn_like(p) * 0.1)  # leave the zero/1e-6 initial values
    unit.eval()
    x = torch.randn(2, c_in, 6, 20, dtype=torch.float64, requires_grad=True)
    assert_same_outputs_and_gradients(unit, naive, x)


@pytest.mark.parametrize('c_in,c_out', [(8, 8), (3, 8)])
def test_inference_without_autograd_matches_and_leaves_the_input(c_in, c_out):
    """Without autograd the gates and sums run in place: same scores, input untouched."""
    torch.manual_seed(0)
    unit = unit_aagcn(c_in, c_out, A).double()
    with torch.no_grad():
        for p in unit.parameters():
            p.add_(torch.randn_like(p) * 0.1)
    unit.eval()
    x = torch.randn(2, c_in, 6, 20, dtype=torch.float64)
    original = x.clone()
    with torch.no_grad():
        out = unit(x)
    torch.testing.assert_close(out, naive(unit, x))
    assert torch.equal(x, original)


def test_init_starts_from_the_residual_path():
    """After init the gcn BN scale is 1e-6 and the attention gates are constant."""
    unit = unit_aagcn(8, 8, A)
    unit.init_weights()
    assert torch.all(unit.bn.weight == 1e-6)
    assert torch.all(unit.fc2c.weight == 0) and torch.all(unit.conv_ta.weight == 0)
    assert unit.alpha.item() == 0
    with pytest.raises(ValueError, match='adaptive must be one of'):
        unit_aagcn(3, 8, A, adaptive='offset')

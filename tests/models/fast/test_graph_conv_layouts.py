"""The channels-last path of ``graph_conv`` against the contiguous one (forward and gradients)."""
import pytest
import torch

from stgcn_kit.models.fast import graph_conv, is_channels_last
from stgcn_kit.models.graph import Graph


@pytest.mark.parametrize('layout', ['nturgb+d', 'coco', 'nw-ucla'])
@pytest.mark.parametrize('c_in,c_out', [(3, 8), (8, 8), (12, 5)])
@pytest.mark.parametrize('per_sample', [False, True])
@pytest.mark.parametrize('bias_before_graph', [True, False])
def test_channels_last_equals_contiguous(layout, c_in, c_out, per_sample, bias_before_graph):
    gen = torch.Generator().manual_seed(1)
    A = torch.tensor(Graph(layout, 'spatial').A, dtype=torch.float64)
    k, v = A.shape[0], A.shape[-1]
    if per_sample:
        A = A + torch.rand((2, k, v, v), generator=gen, dtype=torch.float64)
    x = torch.randn((2, c_in, 6, v), generator=gen, dtype=torch.float64)
    weight = torch.randn((k, c_out, c_in), generator=gen, dtype=torch.float64)
    bias = torch.randn((k, c_out) if bias_before_graph else (c_out,), generator=gen,
                       dtype=torch.float64)
    leaves = [t.requires_grad_() for t in (x, A, weight, bias)]
    x_cl = x.detach().to(memory_format=torch.channels_last).requires_grad_()
    assert is_channels_last(x_cl) and not is_channels_last(x)

    ref = graph_conv(x, A, weight, bias, bias_before_graph)
    out = graph_conv(x_cl, A, weight, bias, bias_before_graph)
    assert is_channels_last(out)
    torch.testing.assert_close(out, ref, rtol=1e-10, atol=1e-10)
    grad = torch.randn_like(ref)
    ref_grads = torch.autograd.grad(ref, leaves, grad)
    out_grads = torch.autograd.grad(out, [x_cl] + leaves[1:], grad)
    for name, r, o in zip(('x', 'A', 'weight', 'bias'), ref_grads, out_grads):
        torch.testing.assert_close(o, r, rtol=1e-10, atol=1e-10, msg=f'gradient of {name}')


def test_other_strides_are_made_contiguous():
    A = torch.rand(3, 5, 5, dtype=torch.float64)
    weight = torch.randn(3, 4, 2, dtype=torch.float64)
    x = torch.randn(2, 5, 3, 2, dtype=torch.float64).permute(0, 3, 2, 1)  # (N, C, T, V), odd
    assert not x.is_contiguous() and not is_channels_last(x)
    torch.testing.assert_close(graph_conv(x, A, weight), graph_conv(x.contiguous(), A, weight))

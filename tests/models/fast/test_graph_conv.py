"""The fast graph convolution against the plain ``conv -> einsum('nkctv,kvw->nctw')`` formula."""
import io

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from stgcn_kit.models.fast import graph_conv
from stgcn_kit.models.graph import Graph

LAYOUTS = ['nturgb+d', 'coco', 'openpose', 'nw-ucla',
           dict(num_node=4, inward=[(1, 0), (2, 1), (3, 1)], center=1)]
CHANNELS = [(3, 8), (8, 8), (12, 5)]  # C_in < C_out, equal, C_in > C_out


def naive_pre(x, A, weight, bias):
    """PYSKL's conv_pos='pre': 1x1 conv with bias to K*C_out channels, then the graph einsum."""
    k, c_out, c_in = weight.shape
    y = F.conv2d(x, weight.reshape(k * c_out, c_in, 1, 1), bias.reshape(-1))
    n, _, t, v = y.shape
    return torch.einsum('nkctv,kvw->nctw', y.view(n, k, c_out, t, v), A)


def naive_post_per_sample(x, A, weight, bias):
    """A per-sample graph, a projection per partition and a bias after the sum (AAGCN's form)."""
    out = sum(torch.einsum('oc,nctv,nvw->notw', weight[k], x, A[:, k]) for k in range(A.shape[1]))
    return out + bias.view(1, -1, 1, 1)


def _inputs(layout, c_in, c_out, per_sample=False):
    A = torch.tensor(Graph(layout, 'spatial').A, dtype=torch.float64)
    k, v = A.shape[0], A.shape[-1]
    gen = torch.Generator().manual_seed(0)
    if per_sample:
        A = A + 0.1 * torch.rand((2, k, v, v), generator=gen, dtype=torch.float64)
    x = torch.randn((2, c_in, 5, v), generator=gen, dtype=torch.float64)
    weight = torch.randn((k, c_out, c_in), generator=gen, dtype=torch.float64)
    return [t.requires_grad_() for t in (x, A, weight)]


def _check(fast_fn, naive_fn, x, A, weight, bias):
    fast = fast_fn(x, A, weight, bias)
    naive = naive_fn(x, A, weight, bias)
    torch.testing.assert_close(fast, naive, rtol=1e-9, atol=1e-9)
    with torch.no_grad():  # inference writes the graph products in place instead
        torch.testing.assert_close(fast_fn(x, A, weight, bias), naive.detach(), rtol=1e-9,
                                   atol=1e-9)
    grad_out = torch.randn_like(naive)
    tensors = (x, A, weight, bias)
    fast_grads = torch.autograd.grad(fast, tensors, grad_out)
    naive_grads = torch.autograd.grad(naive, tensors, grad_out)
    for name, f, r in zip(('x', 'A', 'weight', 'bias'), fast_grads, naive_grads):
        torch.testing.assert_close(f, r, rtol=1e-9, atol=1e-9, msg=f'gradient of {name}')


@pytest.mark.parametrize('layout', LAYOUTS,
                         ids=lambda name: name if isinstance(name, str) else 'custom')
@pytest.mark.parametrize('c_in,c_out', CHANNELS)
def test_bias_before_graph_matches_einsum(layout, c_in, c_out):
    x, A, weight = _inputs(layout, c_in, c_out)
    bias = torch.randn(weight.shape[:2], dtype=torch.float64, requires_grad=True)
    _check(graph_conv, naive_pre, x, A, weight, bias)


@pytest.mark.parametrize('layout', LAYOUTS[:2], ids=str)
@pytest.mark.parametrize('c_in,c_out', CHANNELS)
def test_per_sample_graph_with_bias_after(layout, c_in, c_out):
    x, A, weight = _inputs(layout, c_in, c_out, per_sample=True)
    bias = torch.randn(c_out, dtype=torch.float64, requires_grad=True)

    def fast(*args):
        return graph_conv(*args, bias_before_graph=False)

    _check(fast, naive_post_per_sample, x, A, weight, bias)


def test_without_bias_equals_zero_bias():
    x, A, weight = _inputs('coco', 3, 8)
    zero = torch.zeros(weight.shape[:2], dtype=torch.float64)
    torch.testing.assert_close(graph_conv(x, A, weight), naive_pre(x, A, weight, zero))


@pytest.mark.parametrize('per_sample', [False, True], ids=['shared', 'per_sample'])
def test_inference_under_cpu_bf16_autocast_computes_in_bf16(per_sample):
    """Inference (no autograd) under CPU bfloat16 autocast, contiguous layout (AAGCN's): the
    products are bfloat16 like the training path's, and within bfloat16 rounding of float32.
    Autocast does not cast ``out=`` calls, so the in-place inference products must not run
    here: a float32 graph meets bfloat16 activations."""
    x, A, weight = (t.detach().float() for t in _inputs('nw-ucla', 8, 8, per_sample))
    bias = torch.randn(8, generator=torch.Generator().manual_seed(1))
    want = graph_conv(x, A, weight, bias, bias_before_graph=False)
    with torch.no_grad(), torch.autocast('cpu', dtype=torch.bfloat16):
        got = graph_conv(x.bfloat16(), A, weight, bias, bias_before_graph=False)
    assert got.dtype == torch.bfloat16
    assert ((got.float() - want).norm() / want.norm()).item() < 0.02


class _GraphConv(torch.nn.Module):
    def __init__(self, weight, bias):
        super().__init__()
        self.weight, self.bias = torch.nn.Parameter(weight), torch.nn.Parameter(bias)

    def forward(self, x, A):
        return graph_conv(x, A, self.weight, self.bias, bias_before_graph=False)


@pytest.mark.parametrize('per_sample', [False, True])
def test_onnx_export_computes_the_same(per_sample):
    # inference writes into a buffer, which an ONNX export would drop without a word
    ort = pytest.importorskip('onnxruntime')
    x, A, weight = (t.detach().float() for t in _inputs('coco', 3, 8, per_sample))
    module = _GraphConv(weight, torch.randn(8)).eval()
    buffer = io.BytesIO()
    with torch.no_grad():
        torch.onnx.export(module, (x, A), buffer, dynamo=False, input_names=['x', 'A'])
        expected = module(x, A).numpy()
    session = ort.InferenceSession(buffer.getvalue())
    (out,) = session.run(None, {'x': x.numpy(), 'A': A.numpy()})
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-4)

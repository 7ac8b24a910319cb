"""The fast units against the plain ones in float64: outputs and every gradient, train and eval
mode, both memory layouts, and the in-place inference path without autograd."""
import copy

import pytest
import torch
from gradient_check import assert_same_function

from stgcn_kit.models.backbones.ctrgcn import CTRGCNBlock
from stgcn_kit.models.fast import accelerate, is_channels_last
from stgcn_kit.models.fast.units import (
    FastBranchesMSTCN,
    FastGCNBlock,
    FastMSTCN,
    FastUnitAAGCN,
    FastUnitCTRGCN,
    FastUnitGCN,
    FastUnitTCN,
    dense_gradient,
)
from stgcn_kit.models.gcn import MSTCN, GCNBlock, mstcn, unit_aagcn, unit_ctrgcn, unit_gcn, unit_tcn
from stgcn_kit.models.graph import Graph

A = torch.tensor(Graph('coco', 'spatial').A)
TOL = dict(rtol=1e-9, atol=1e-9)

UNITS = {
    'gcn-importance-pre': lambda: unit_gcn(3, 8, A),
    'gcn-offset-post-res': lambda: unit_gcn(8, 4, A, adaptive='offset', conv_pos='post',
                                            with_res=True),
    'gcn-init-res': lambda: unit_gcn(8, 8, A, adaptive='init', with_res=True),
    'aagcn': lambda: unit_aagcn(3, 8, A),
    'aagcn-same-width': lambda: unit_aagcn(8, 8, A),
    'agcn-original': lambda: unit_aagcn(16, 8, A, adaptive='original', attention=False),
    'aagcn-fixed': lambda: unit_aagcn(8, 16, A, adaptive=False),
    'tcn-9': lambda: unit_tcn(8, 8, 9, stride=2, dropout=0.),
    'tcn-1x1-narrow': lambda: unit_tcn(8, 16, 1, stride=2),  # subsampled first
    'tcn-1x1-wide': lambda: unit_tcn(16, 16, 1, stride=2),
    'mstcn-narrow': lambda: mstcn(8, 12, stride=2),
    'mstcn-wide': lambda: mstcn(16, 16),
    'block-gcn': lambda: GCNBlock(unit_gcn, 8, 16, A, stride=2),
    'block-aagcn': lambda: GCNBlock(unit_aagcn, 8, 8, A, tcn_type='mstcn'),
    'block-no-residual': lambda: GCNBlock(unit_gcn, 3, 8, A, residual=False),
    'ctrgcn': lambda: unit_ctrgcn(3, 8, A),
    'ctrgcn-same-width': lambda: unit_ctrgcn(24, 24, A),
    'msg3d-tcn-strided': lambda: MSTCN(8, 16, kernel_size=5, stride=2, dilations=(1, 2)),
    'msg3d-tcn': lambda: MSTCN(12, 12),
    'block-ctrgcn': lambda: CTRGCNBlock(8, 16, A, stride=2),
}


def _plain_and_fast(name):
    torch.manual_seed(0)
    plain = UNITS[name]().double()
    with torch.no_grad():  # away from the special initial values (alpha 0, PA 1, BN identity)
        for tensor in plain.state_dict().values():
            if tensor.is_floating_point():
                tensor.add_(torch.rand_like(tensor) * 0.2)
    return plain, accelerate(copy.deepcopy(plain))


def _input(unit, layout=torch.contiguous_format):
    unit = getattr(unit, 'gcn', unit)  # a block: its graph unit's input
    c_in = getattr(unit, 'in_channels', None) or next(
        m for m in unit.modules() if isinstance(m, torch.nn.Conv2d)).in_channels
    x = torch.randn(2, c_in, 10, 17, dtype=torch.float64)
    return x.contiguous(memory_format=layout)


def test_accelerate_switches_every_unit_and_keeps_the_state_dict():
    plain = GCNBlock(unit_aagcn, 8, 16, A, stride=2, tcn_type='mstcn')
    fast = accelerate(copy.deepcopy(plain))
    kinds = {type(m) for m in fast.modules()}
    assert {FastGCNBlock, FastUnitAAGCN, FastMSTCN, FastUnitTCN} <= kinds
    assert not kinds & {GCNBlock, unit_aagcn, unit_gcn, unit_tcn, mstcn}
    assert list(fast.state_dict()) == list(plain.state_dict())
    assert isinstance(accelerate(unit_gcn(3, 8, A)), FastUnitGCN)
    ctr = accelerate(CTRGCNBlock(8, 16, A, stride=2))
    assert {FastUnitCTRGCN, FastBranchesMSTCN} <= {type(m) for m in ctr.modules()}


@pytest.mark.parametrize('layout', [torch.contiguous_format, torch.channels_last],
                         ids=['contiguous', 'channels-last'])
def test_dense_gradient_is_the_identity_with_a_dense_gradient(layout):
    x = torch.randn(2, 6, 5, 3, dtype=torch.float64).contiguous(memory_format=layout)
    x.requires_grad_()
    seen = []
    x.register_hook(seen.append)
    y = dense_gradient(x)
    assert torch.equal(y, x)
    upstream = torch.randn(2, 10, 5, 3, dtype=torch.float64).contiguous(memory_format=layout)
    # the concatenation's backward hands y a strided slice of the upstream gradient
    torch.cat([y, torch.zeros(2, 4, 5, 3, dtype=torch.float64)], dim=1).backward(upstream)
    grad = seen[0]
    torch.testing.assert_close(grad, upstream[:, :6])
    assert grad.is_contiguous(memory_format=layout)
    frozen = torch.randn(2, 3)
    assert dense_gradient(frozen) is frozen  # nothing to do without autograd


def test_fast_mstcn_hands_its_branches_dense_gradients():
    unit = accelerate(MSTCN(8, 12, dilations=(1, 2)))  # 4 branches of 3 channels
    grads = []

    def keep_gradient(module, inputs, out):
        out.register_hook(grads.append)

    for branch in unit.branches:
        branch.register_forward_hook(keep_gradient)
    unit(torch.randn(2, 8, 10, 17, requires_grad=True)).sum().backward()
    assert len(grads) == len(unit.branches)
    assert all(g.is_contiguous() for g in grads)


@pytest.mark.parametrize('mode', ['train', 'eval'])
@pytest.mark.parametrize('layout', [torch.contiguous_format, torch.channels_last],
                         ids=['contiguous', 'channels-last'])
@pytest.mark.parametrize('name', UNITS)
def test_fast_equals_plain(name, layout, mode):
    plain, fast = _plain_and_fast(name)
    plain.train(mode == 'train')
    fast.train(mode == 'train')
    x = _input(plain, layout)
    if not (isinstance(plain, unit_aagcn) and layout == torch.channels_last):
        # the plain AAGCN unit reshapes its input as PYSKL does: the backbone feeds it contiguous
        assert_same_function(fast, plain, x, **TOL)
    if name.startswith(('gcn', 'block-gcn', 'ctrgcn', 'block-ctrgcn')) and \
            layout == torch.channels_last:
        with torch.no_grad():
            assert is_channels_last(fast(x))  # the layout is kept, not copied away


@pytest.mark.parametrize('name', UNITS)
def test_inference_without_autograd_matches_and_leaves_the_input(name):
    """Without autograd the products, sums and gates are written in place: same output, and
    the input is untouched."""
    plain, fast = _plain_and_fast(name)
    plain.eval()
    fast.eval()
    x = _input(plain)
    original = x.clone()
    with torch.no_grad():
        out = fast(x)
        torch.testing.assert_close(out, plain(x), **TOL)
    assert torch.equal(x, original)


def test_narrow_strided_pointwise_convolutions_subsample_first():
    """oneDNN's strided 1x1 weight gradient has crashed on narrow channels-last inputs: the fast
    units slice the frames and convolve with stride 1 there; wide inputs keep the stride."""
    _, narrow = _plain_and_fast('tcn-1x1-narrow')
    _, wide = _plain_and_fast('tcn-1x1-wide')
    assert (narrow.frames_stride, narrow.conv.stride) == (2, (1, 1))
    assert (wide.frames_stride, wide.conv.stride) == (1, (2, 1))
    _, ms = _plain_and_fast('mstcn-narrow')
    assert ms.frames_stride == 2 and ms.branches[ms.pointwise[0]].stride == (1, 1)

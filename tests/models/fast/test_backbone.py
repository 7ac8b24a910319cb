"""The fast backbones against the plain ones (PYSKL's code paths) in float64: outputs in train
and eval mode and every parameter's gradient, for every backbone variant on several layouts;
and where the fast forward runs channels-last."""
import pytest
import torch
from gradient_check import assert_same_function

from stgcn_kit.models import AAGCN, AGCN, CTRGCN, STGCN
from stgcn_kit.models.fast import is_channels_last

SMALL = dict(base_channels=8, num_stages=4, inflate_stages=(3,), down_stages=(3,))
VARIANTS = {
    'stgcn': (STGCN, dict(mode='stgcn_spatial')),
    'stgcn_offset_post': (STGCN, dict(mode='spatial', gcn_adaptive='offset',
                                      gcn_conv_pos='post')),
    'stgcnpp': (STGCN, dict(mode='spatial', gcn_adaptive='init', gcn_with_res=True,
                            tcn_type='mstcn')),
    'stgcn_no_data_bn': (STGCN, dict(mode='spatial', data_bn_type=None, gcn_adaptive=None)),
    'stgcn_mvc': (STGCN, dict(mode='spatial', data_bn_type='MVC')),
    'aagcn': (AAGCN, dict(mode='spatial')),
    'aagcn_fixed_graph': (AAGCN, dict(mode='spatial', gcn_adaptive=False, data_bn_type='VC')),
    'agcn': (AGCN, dict(mode='spatial')),
    'ctrgcn': (CTRGCN, dict(mode='spatial')),
    'ctrgcn_one_person': (CTRGCN, dict(mode='spatial', num_person=1)),
}


def _blocks(model):
    """The backbone's blocks: ``gcn`` (BaseGCN) or ``net`` (CTR-GCN, PYSKL's name)."""
    return model.net if isinstance(model, CTRGCN) else model.gcn


def _build(variant, layout, impl):
    cls, kwargs = VARIANTS[variant]
    kwargs = dict(kwargs)
    graph_cfg = dict(layout=layout, mode=kwargs.pop('mode'))
    torch.manual_seed(0)
    model = cls(graph_cfg=graph_cfg, **SMALL, **kwargs, impl=impl).double()
    with torch.no_grad():  # non-trivial statistics and affine terms, so eval mode is exercised
        for name, tensor in model.state_dict().items():
            if name.endswith(('running_mean', 'bias')) or 'alpha' in name:
                tensor.uniform_(-0.5, 0.5)
            elif name.endswith(('running_var', 'bn.weight')):
                tensor.uniform_(0.5, 1.5)
    return model


@pytest.mark.parametrize('layout', ['nturgb+d', 'coco', 'nw-ucla'])
@pytest.mark.parametrize('variant', VARIANTS)
def test_fast_equals_plain_forward_and_gradients(variant, layout):
    fast = _build(variant, layout, 'fast')
    plain = _build(variant, layout, 'plain')
    plain.load_state_dict(fast.state_dict())
    assert any(type(m).__name__.startswith('FastUnit') for m in _blocks(fast)[0].modules())
    assert not any(type(m).__name__.startswith('Fast') for m in _blocks(plain).modules())
    x = torch.randn(2, fast.num_person if isinstance(fast, CTRGCN) else 2, 12,
                    fast.graph.num_node, 3, dtype=torch.float64)
    fast.eval()
    plain.eval()
    with torch.no_grad():  # the in-place inference path
        torch.testing.assert_close(fast(x), plain(x), rtol=1e-9, atol=1e-9)
    fast.train()
    plain.train()
    assert_same_function(fast, plain, x, rtol=1e-8, atol=1e-9)


@pytest.mark.parametrize('variant', ['stgcnpp', 'aagcn', 'ctrgcn'])
def test_impls_share_the_state_dict(variant):
    fast, plain = _build(variant, 'coco', 'fast'), _build(variant, 'coco', 'plain')
    assert list(fast.state_dict()) == list(plain.state_dict())
    for name, value in fast.state_dict().items():
        assert torch.equal(value, plain.state_dict()[name]), name  # same seed, same weights


@pytest.mark.parametrize('cls', [STGCN, CTRGCN])
def test_unknown_impl_is_named(cls):
    with pytest.raises(ValueError, match="impl must be one of.*'fast'.*got 'quick'"):
        cls(graph_cfg=dict(layout='coco'), impl='quick')


@pytest.mark.parametrize('cls, device, channels_last', [
    (STGCN, 'cpu', True), (STGCN, 'meta', False), (AAGCN, 'cpu', False), (CTRGCN, 'cpu', True),
    (CTRGCN, 'meta', False)])
def test_blocks_run_channels_last_on_cpu_only(cls, device, channels_last):
    """CPU gets oneDNN's preferred layout; other devices (CUDA; here 'meta', which needs no
    GPU) keep the contiguous one, and so does AAGCN, whose attention amplifies summation order."""
    model = cls(graph_cfg=dict(layout='nw-ucla'), base_channels=8, num_stages=2,
                inflate_stages=(), down_stages=(), num_person=1).to(device)
    seen = []
    _blocks(model)[0].register_forward_pre_hook(lambda module, args: seen.append(args[0]))
    out = model(torch.randn(2, 1, 12, 20, 3, device=device))
    assert out.shape == (2, 1, 8, 12, 20)
    assert is_channels_last(seen[0]) is channels_last

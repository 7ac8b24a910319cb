"""The straightforward (PYSKL-code) baseline: it reproduces PYSKL's numbers, and the package's
fast paths equal it in forward and gradients for every backbone variant and several layouts."""
import pytest
import torch

from reference_cases import PYSKL_CASES, assert_reproduces_pyskl

from stgcn_kit.benchmark.reference import to_reference
from stgcn_kit.models import AAGCN, AGCN, STGCN

SMALL = dict(base_channels=8, num_stages=4, inflate_stages=(3,), down_stages=(3,))
VARIANTS = {
    'stgcn': (STGCN, dict(mode='stgcn_spatial')),
    'stgcn_offset_post': (STGCN, dict(mode='spatial', gcn_adaptive='offset',
                                      gcn_conv_pos='post')),
    'stgcnpp': (STGCN, dict(mode='spatial', gcn_adaptive='init', gcn_with_res=True,
                            tcn_type='mstcn')),
    'stgcn_no_data_bn': (STGCN, dict(mode='spatial', data_bn_type=None, gcn_adaptive=None)),
    'aagcn': (AAGCN, dict(mode='spatial')),
    'aagcn_fixed_graph': (AAGCN, dict(mode='spatial', gcn_adaptive=False, data_bn_type='VC')),
    'agcn': (AGCN, dict(mode='spatial')),
}


def _build(variant, layout):
    cls, kwargs = VARIANTS[variant]
    kwargs = dict(kwargs)
    graph_cfg = dict(layout=layout, mode=kwargs.pop('mode'))
    torch.manual_seed(0)
    model = cls(graph_cfg=graph_cfg, **SMALL, **kwargs).double()
    with torch.no_grad():  # non-trivial statistics and affine terms, so eval mode is exercised
        for name, tensor in model.state_dict().items():
            if name.endswith(('running_mean', 'bias')) or 'alpha' in name:
                tensor.uniform_(-0.5, 0.5)
            elif name.endswith(('running_var', 'bn.weight')):
                tensor.uniform_(0.5, 1.5)
    return model


@pytest.mark.parametrize('layout', ['nturgb+d', 'coco', 'nw-ucla'])
@pytest.mark.parametrize('variant', VARIANTS)
def test_fast_equals_reference_forward_and_gradients(variant, layout):
    model = _build(variant, layout)
    reference = to_reference(model)
    assert type(reference.gcn[0].gcn).__name__.startswith('Reference')
    num_node = model.graph.num_node
    x = torch.randn(2, 2, 12, num_node, 3, dtype=torch.float64)
    for mode in ('train', 'eval'):
        model.train(mode == 'train')
        reference.train(mode == 'train')
        out, ref = model(x), reference(x)
        torch.testing.assert_close(out, ref, rtol=1e-9, atol=1e-9, msg=f'{mode} output')
    grad = torch.randn_like(ref)
    model.train()
    reference.train()
    out, ref = model(x), reference(x)
    (out * grad).sum().backward()
    (ref * grad).sum().backward()
    ref_params = dict(reference.named_parameters())
    for name, param in model.named_parameters():
        torch.testing.assert_close(param.grad, ref_params[name].grad, rtol=1e-8, atol=1e-9,
                                   msg=f'gradient of {name}')


@pytest.mark.parametrize('name', PYSKL_CASES)
def test_reference_reproduces_pyskl(name, reference_dir):
    saved = torch.load(reference_dir / f'{name}_eval.pt', weights_only=False)
    cls, kwargs = PYSKL_CASES[name]
    model = cls(**kwargs)
    model.load_state_dict(saved['state_dict'], strict=True)
    assert_reproduces_pyskl(to_reference(model.eval()), saved)


def test_reference_keeps_state_dict():
    model = _build('stgcnpp', 'coco')
    reference = to_reference(model)
    assert reference is not model
    for (name, a), (ref_name, b) in zip(model.state_dict().items(),
                                        reference.state_dict().items()):
        assert name == ref_name and torch.equal(a, b)

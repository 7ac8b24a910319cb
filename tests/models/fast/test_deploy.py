"""BatchNorm folding: the folded model's outputs equal the eval-mode model's."""
import pytest
import torch
from torch import nn

from stgcn_kit.models import AAGCN, AGCN, STGCN
from stgcn_kit.models.fast import fuse_conv_bn, skip_empty_persons

SMALL = dict(base_channels=8, num_stages=4, inflate_stages=(3,), down_stages=(3,))
VARIANTS = {
    'stgcn': (STGCN, dict(mode='stgcn_spatial')),
    'stgcnpp': (STGCN, dict(mode='spatial', gcn_adaptive='init', gcn_with_res=True,
                            tcn_type='mstcn')),
    'aagcn': (AAGCN, dict(mode='spatial')),
    'agcn': (AGCN, dict(mode='spatial')),
}


def _trained_like(variant, layout):
    cls, kwargs = VARIANTS[variant]
    kwargs = dict(kwargs)
    torch.manual_seed(0)
    model = cls(graph_cfg=dict(layout=layout, mode=kwargs.pop('mode')), **SMALL, **kwargs)
    with torch.no_grad():  # statistics far from the identity, so a missed fold shows
        for name, tensor in model.state_dict().items():
            if name.endswith(('running_mean', 'bias')) or 'alpha' in name:
                tensor.uniform_(-0.5, 0.5)
            elif name.endswith(('running_var', 'bn.weight')):
                tensor.uniform_(0.5, 1.5)
    return model.eval()


@pytest.mark.parametrize('layout', ['nturgb+d', 'coco'])
@pytest.mark.parametrize('variant', VARIANTS)
def test_folded_equals_eval_mode(variant, layout):
    model = _trained_like(variant, layout)
    x = torch.randn(2, 2, 16, model.graph.num_node, 3)
    with torch.no_grad():
        expected = model(x)
        fused = fuse_conv_bn(model)
        out = fused(x)
    # left: unit_gcn's own BN, and mstcn's BN that follows the concatenation (no conv before it)
    left = [name for name, m in fused.named_modules() if isinstance(m, nn.BatchNorm2d)]
    assert all(name.endswith(('.gcn.bn', '.transform.0')) for name in left), left
    if variant.startswith('aa') or variant == 'agcn':
        assert left == []
    scale = expected.abs().max().item()
    assert (out - expected).abs().max().item() <= 1e-4 * max(1., scale)


def test_training_model_is_refused():
    model = _trained_like('stgcn', 'coco').train()
    with pytest.raises(ValueError, match='eval'):
        fuse_conv_bn(model)


@pytest.mark.parametrize('variant', ['stgcn', 'aagcn'])  # input BN per (V, C) and per (M, V, C)
def test_skipping_empty_persons_is_exact_in_eval(variant):
    model = _trained_like(variant, 'coco')
    x = torch.randn(4, 2, 16, 17, 3)
    x[1, 1] = 0  # padded second persons in two samples, and a sample with no person at all
    x[2, 1] = 0
    x[3] = 0
    with torch.no_grad():
        expected = model(x)
        calls = []
        hook = model.gcn[0].register_forward_hook(lambda mod, args, out: calls.append(args[0]))
        out = skip_empty_persons(model)(x)
        hook.remove()
    assert calls[0].shape[0] == 8 - 2  # rows (2,1) and (3,1) share row (1,1)'s run
    # a smaller batch may sum in another float32 order; a wrong share would be off by O(scale)
    scale = expected.abs().max().item()
    assert (out - expected).abs().max().item() <= 1e-4 * max(1., scale)


def test_skipping_empty_persons_leaves_training_alone():
    model = _trained_like('stgcn', 'coco')
    x = torch.randn(3, 2, 16, 17, 3)
    x[:, 1] = 0
    model.train()
    torch.manual_seed(0)
    expected = model(x)
    torch.manual_seed(0)
    out = skip_empty_persons(model)(x)
    torch.testing.assert_close(out, expected)
    with pytest.raises(ValueError, match='no GCN backbone'):
        skip_empty_persons(nn.Linear(2, 2))

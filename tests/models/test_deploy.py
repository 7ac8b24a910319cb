"""BatchNorm folding: the folded model's outputs equal the eval-mode model's."""
import pytest
import torch
from torch import nn

from stgcn_kit.models import AAGCN, AGCN, STGCN
from stgcn_kit.models.deploy import fuse_conv_bn

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

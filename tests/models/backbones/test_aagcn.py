"""AAGCN and the original 2s-AGCN: gradients, parameter sets, attention switched off."""
import pytest
import torch

from stgcn_kit.models import AAGCN, AGCN

from .helpers import assert_all_params_get_finite_grads

SMALL = dict(graph_cfg=dict(layout='nw-ucla', mode='spatial'), base_channels=8, num_stages=3,
             inflate_stages=[3], down_stages=[3])


def _input():
    return torch.randn(2, 2, 8, 20, 3, generator=torch.Generator().manual_seed(0))


@pytest.mark.parametrize('cls,kwargs', [
    (AAGCN, {}),
    (AAGCN, dict(gcn_attention=False)),
    (AAGCN, dict(gcn_adaptive=False, tcn_type='mstcn')),
    (AGCN, {}),
], ids=['aagcn', 'aagcn-no-attention', 'aagcn-fixed-mstcn', 'agcn-original'])
def test_every_variant_trains(cls, kwargs):
    model = cls(**SMALL, **kwargs)
    model.init_weights()
    # the papers start alpha at 0, which would leave the embeddings without gradient
    with torch.no_grad():
        for block in model.gcn:
            if hasattr(block.gcn, 'alpha'):
                block.gcn.alpha.fill_(0.5)
    assert_all_params_get_finite_grads(model, _input())
    assert model(_input()).shape == (2, 2, 16, 4, 20)


def test_agcn_is_the_original_unit():
    unit = AGCN(**SMALL).gcn[1].gcn
    names = {n for n, _ in unit.named_parameters()}
    assert 'PA' in names and 'alpha' not in names and 'A' not in names
    assert not any(n.startswith(('conv_ta', 'conv_sa', 'fc1c')) for n in names)
    torch.testing.assert_close(unit.PA, torch.full_like(unit.A, 1e-6))
    assert 'A' in dict(unit.named_buffers())


def test_data_bn_is_per_person_slot_by_default():
    assert AAGCN(**SMALL).data_bn.num_features == 2 * 20 * 3

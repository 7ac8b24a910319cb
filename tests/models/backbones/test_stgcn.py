"""STGCN: shapes and schedule, variants' gradients, argument routing, pretrained weights
through init_cfg."""
import pytest
import torch

from stgcn_kit.models import STGCN
from stgcn_kit.utils import atomic_open

from .helpers import assert_all_params_get_finite_grads

SMALL = dict(graph_cfg=dict(layout='coco', mode='spatial'), base_channels=8, num_stages=4,
             inflate_stages=[3], down_stages=[3])


def _input(n=2, m=2, t=8, v=17, c=3):
    return torch.randn(n, m, t, v, c, generator=torch.Generator().manual_seed(0))


def test_output_shape_and_widths_follow_the_stage_schedule():
    model = STGCN(**SMALL)
    out = model(_input())
    assert out.shape == (2, 2, 16, 4, 17)
    widths = [(b.gcn.in_channels, b.gcn.out_channels, b.tcn.stride) for b in model.gcn]
    assert widths == [(3, 8, 1), (8, 8, 1), (8, 16, 2), (16, 16, 1)]


@pytest.mark.parametrize('kwargs', [
    dict(gcn_adaptive='importance'),
    dict(gcn_adaptive='offset'),
    dict(gcn_adaptive='init', gcn_with_res=True, tcn_type='mstcn'),
    dict(gcn_adaptive=None, gcn_conv_pos='post', tcn_dropout=0.1),
    dict(gcn_adaptive='importance', data_bn_type='MVC'),
    dict(gcn_adaptive='offset', data_bn_type=None, tcn_type='mstcn', gcn_with_res=True),
], ids=lambda kw: '-'.join(f'{v}' for v in kw.values()))
def test_every_variant_trains(kwargs):
    assert_all_params_get_finite_grads(STGCN(**SMALL, **kwargs), _input())


def test_stage_tuple_is_spread_and_first_stage_has_no_dropout():
    model = STGCN(**SMALL, tcn_dropout=0.3,
                  gcn_adaptive=('importance', 'offset', 'init', None))
    assert [b.gcn.adaptive for b in model.gcn] == ['importance', 'offset', 'init', None]
    assert [b.tcn.drop.p for b in model.gcn] == [0., 0.3, 0.3, 0.3]


def test_data_bn_normalises_per_joint_and_channel():
    """'VC' keeps V*C statistics shared by persons: a person-swapped batch gives swapped output."""
    model = STGCN(**SMALL).eval()
    x = _input()
    with torch.no_grad():
        torch.testing.assert_close(model(x.flip(1)), model(x).flip(1))
    assert model.data_bn.num_features == 17 * 3


def test_unknown_argument_is_named():
    with pytest.raises(ValueError, match='gcn_.*tcn_|adaptive_mode'):
        STGCN(**SMALL, adaptive_mode='x')
    with pytest.raises(ValueError, match="unknown tcn_type 'tcn3'"):
        STGCN(**SMALL, tcn_type='tcn3')
    with pytest.raises(ValueError, match='adaptive must be one of'):
        STGCN(**SMALL, gcn_adaptive='bogus')


def test_init_cfg_loads_the_backbone_of_a_recognizer_checkpoint(tmp_path):
    source = STGCN(**SMALL)
    with torch.no_grad():
        for p in source.parameters():
            p.uniform_(-1, 1)
    path = tmp_path / 'ckpt.pth'
    state = {f'backbone.{k}': v for k, v in source.state_dict().items()}
    state['cls_head.fc_cls.weight'] = torch.zeros(3, 16)
    with atomic_open(path) as f:
        torch.save({'state_dict': state, 'meta': {}}, f)
    target = STGCN(**SMALL, init_cfg=dict(type='Pretrained', checkpoint=str(path),
                                          prefix='backbone.'))
    target.init_weights()
    for name, value in source.state_dict().items():
        torch.testing.assert_close(target.state_dict()[name], value, msg=name)


def test_wrong_input_shape_is_explained():
    with pytest.raises(ValueError, match=r'expects V=17, C=3'):
        STGCN(**SMALL)(_input(v=25))
    with pytest.raises(ValueError, match=r'M=2 \(data_bn_type MVC\)'):
        STGCN(**SMALL, data_bn_type='MVC')(_input(m=1))


def test_the_papers_nine_units_with_a_residual_on_each():
    """Yan et al. 2018, section 3.6: nine units, 64, 128 and 256 channels three each, stride 2
    at the 4th and the 7th, a residual on every unit (the first one's a 1x1 unit_tcn)."""
    model = STGCN(graph_cfg=dict(layout='openpose', mode='stgcn_spatial', center='gravity',
                                 norm='paper'),
                  num_stages=9, inflate_stages=(4, 7), down_stages=(4, 7), first_residual=True)
    plan = [(b.gcn.in_channels, b.gcn.out_channels, b.tcn.stride) for b in model.gcn]
    assert plan == [(3, 64, 1), (64, 64, 1), (64, 64, 1), (64, 128, 2), (128, 128, 1),
                    (128, 128, 1), (128, 256, 2), (256, 256, 1), (256, 256, 1)]
    first = model.gcn[0]
    assert first.residual.conv.kernel_size == (1, 1)
    assert STGCN(**SMALL).gcn[0].residual is None
    x = torch.randn(2, 3, 6, 18)
    first.eval()
    with torch.no_grad():
        torch.testing.assert_close(first(x), torch.relu(first.tcn(first.gcn(x))
                                                        + first.residual(x)))


def test_local_convolution_units_train_and_unknown_units_are_named():
    from stgcn_kit.models.gcn import unit_localgcn
    model = STGCN(**SMALL, gcn_type='unit_localgcn', gcn_adaptive=None)
    assert all(type(b.gcn) is unit_localgcn for b in model.gcn)
    assert_all_params_get_finite_grads(model, _input())
    with pytest.raises(ValueError, match="unknown gcn_type 'unit_x'"):
        STGCN(**SMALL, gcn_type='unit_x')

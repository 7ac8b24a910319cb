"""STGCN: shapes and schedule, variants' gradients, argument routing, pretrained loading."""
import pytest
import torch

from stgcn_kit.models import STGCN
from stgcn_kit.models.gcn.graph_conv import is_channels_last
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


def test_pretrained_loads_a_recognizer_checkpoint(tmp_path):
    source = STGCN(**SMALL)
    with torch.no_grad():
        for p in source.parameters():
            p.uniform_(-1, 1)
    path = tmp_path / 'ckpt.pth'
    state = {f'backbone.{k}': v for k, v in source.state_dict().items()}
    state['cls_head.fc_cls.weight'] = torch.zeros(3, 16)
    with atomic_open(path) as f:
        torch.save({'state_dict': state, 'meta': {}}, f)
    target = STGCN(**SMALL, pretrained=str(path))
    target.init_weights()
    for name, value in source.state_dict().items():
        torch.testing.assert_close(target.state_dict()[name], value, msg=name)


def test_a_crafted_pretrained_checkpoint_is_refused(tmp_path):
    from payloads import Payload
    from stgcn_kit.utils import UnsafeFileError
    marker = tmp_path / 'ran'
    torch.save({'state_dict': {'backbone.data_bn.weight': Payload(marker)}}, tmp_path / 'p.pth')
    with pytest.raises(UnsafeFileError, match='p.pth: refused to load the global builtins.exec'):
        STGCN(**SMALL, pretrained=str(tmp_path / 'p.pth')).init_weights()
    assert not marker.exists()


def test_wrong_input_shape_is_explained():
    with pytest.raises(ValueError, match=r'expects V=17, C=3'):
        STGCN(**SMALL)(_input(v=25))
    with pytest.raises(ValueError, match=r'M=2 \(data_bn_type MVC\)'):
        STGCN(**SMALL, data_bn_type='MVC')(_input(m=1))


@pytest.mark.parametrize('device, channels_last', [('cpu', True), ('meta', False)])
def test_blocks_run_channels_last_on_cpu_only(device, channels_last):
    """CPU gets the oneDNN-friendly layout; other devices (CUDA; here 'meta', which needs no GPU)
    keep the contiguous one, which was faster on an H200."""
    model = STGCN(graph_cfg=dict(layout='nw-ucla'), base_channels=8, num_stages=2,
                  inflate_stages=(), down_stages=(), num_person=1).to(device)
    seen = []
    model.gcn[0].register_forward_pre_hook(lambda module, args: seen.append(args[0]))
    out = model(torch.randn(2, 1, 12, 20, 3, device=device))
    assert out.shape == (2, 1, 8, 12, 20)
    assert is_channels_last(seen[0]) is channels_last

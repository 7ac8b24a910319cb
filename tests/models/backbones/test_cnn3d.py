"""The PoseC3D backbones (ResNet3dSlowOnly, C3D, X3D) and I3DHead against PYSKL's own code:
same state-dict names and shapes, same outputs on the same weights
(tests/data/posec3d/pyskl_models.pt, see tests/data/posec3d/README.md)."""
from pathlib import Path

import pytest
import torch

from stgcn_kit.models import C3D, X3D, I3DHead, ResNet3dSlowOnly

from .helpers import assert_all_params_get_finite_grads

REF = Path(__file__).resolve().parents[2] / 'data' / 'posec3d' / 'pyskl_models.pt'
CLASSES = {'slowonly_r50': ResNet3dSlowOnly, 'slowonly_r50_346': ResNet3dSlowOnly,
           'c3d_light': C3D, 'x3d_shallow': X3D, 'x3d_se_swish': X3D}


def fill_state(model, seed):
    """The reference run's weights: every float tensor of the state dict in sorted-name order
    from one seeded generator (so equal names and shapes give equal weights)."""
    g = torch.Generator().manual_seed(seed)
    sd = model.state_dict()
    for name in sorted(sd):
        t = sd[name]
        if not t.is_floating_point():
            continue
        r = torch.randn(t.shape, generator=g)
        if name.endswith('running_var'):
            t.copy_(r.abs() + 0.5)
        elif name.endswith('running_mean') or name.endswith('bias'):
            t.copy_(0.1 * r)
        elif t.dim() > 1:
            t.copy_(r / max(1, t[0].numel()) ** 0.5)
        else:
            t.copy_(1 + 0.1 * r)


@pytest.fixture(scope='module')
def ref():
    torch.set_num_threads(1)
    return torch.load(REF, weights_only=True)


@pytest.fixture(scope='module')
def x(ref):
    x = torch.rand(2, 17, 8, 32, 32, generator=torch.Generator().manual_seed(ref['input_seed']))
    assert x.double().sum().item() == pytest.approx(ref['input_sum'], rel=1e-9)
    return x


@pytest.mark.parametrize('name', sorted(CLASSES))
def test_state_dict_names_and_shapes_equal_pyskl(ref, name):
    case = ref[name]
    backbone = CLASSES[name](**case['kwargs'])
    assert [(k, tuple(v.shape)) for k, v in backbone.state_dict().items()] == \
        [(k, tuple(s)) for k, s in case['backbone_keys']]
    head = I3DHead(num_classes=5, in_channels=backbone.feat_dim)
    assert [(k, tuple(v.shape)) for k, v in head.state_dict().items()] == \
        [(k, tuple(s)) for k, s in case['head_keys']]


@pytest.mark.parametrize('name', sorted(CLASSES))
def test_forward_equals_pyskl_on_the_same_weights(ref, x, name):
    case = ref[name]
    backbone = CLASSES[name](**case['kwargs'])
    head = I3DHead(num_classes=5, in_channels=backbone.feat_dim)
    fill_state(backbone, case['seed'])
    fill_state(head, 100 + case['seed'])
    backbone.eval(), head.eval()
    with torch.no_grad():
        feats = backbone(x)
        scores = head(feats)
    if case['features'] is not None:
        torch.testing.assert_close(feats[:1], case['features'], rtol=1e-4, atol=1e-4)
    torch.testing.assert_close(feats.mean((2, 3, 4)), case['pooled'], rtol=1e-4, atol=1e-5)
    torch.testing.assert_close(scores, case['scores'], rtol=1e-4, atol=1e-5)


def test_posec3d_output_shapes_and_gradients():
    # PoseC3D's 48 x 56 x 56 inputs, one sample, as the paper's model cards state
    x = torch.rand(1, 17, 48, 56, 56)
    slowonly = ResNet3dSlowOnly(in_channels=17, base_channels=32, num_stages=3,
                                out_indices=(2, ), stage_blocks=(4, 6, 3), conv1_stride=(1, 1),
                                pool1_stride=(1, 1), inflate=(0, 1, 1),
                                spatial_strides=(2, 2, 2), temporal_strides=(1, 1, 2))
    with torch.no_grad():
        assert slowonly.eval()(x).shape == (1, 512, 24, 7, 7)
    small = C3D(in_channels=17, base_channels=4, num_stages=3, temporal_downsample=False)
    assert_all_params_get_finite_grads(small, torch.rand(2, 17, 4, 16, 16))


def test_init_zeroes_the_last_bn_of_each_block_and_rejects_pretrained():
    x3d = X3D(gamma_d=1, in_channels=17, base_channels=8, num_stages=2, stage_blocks=(1, 2),
              spatial_strides=(2, 2))
    x3d.init_weights()
    assert all(not b.conv3.bn.weight.any() for layer in (x3d.layer1, x3d.layer2) for b in layer)
    assert x3d.conv1_t.bn.weight.eq(1).all()
    with pytest.raises(ValueError, match='load_from'):
        C3D(pretrained='c3d.pth')


def test_mmaction2_backbone_arguments_build_the_same_network():
    pyskl = ResNet3dSlowOnly(in_channels=17, base_channels=8, num_stages=3, out_indices=(2, ),
                             stage_blocks=(1, 1, 1), conv1_stride=(1, 1), pool1_stride=(1, 1),
                             inflate=(0, 1, 1), spatial_strides=(2, 2, 2),
                             temporal_strides=(1, 1, 2))
    mmaction = ResNet3dSlowOnly(depth=50, pretrained=None, in_channels=17, base_channels=8,
                                num_stages=3, out_indices=(2, ), stage_blocks=(1, 1, 1),
                                conv1_stride_s=1, pool1_stride_s=1, inflate=(0, 1, 1),
                                spatial_strides=(2, 2, 2), temporal_strides=(1, 1, 2),
                                dilations=(1, 1, 1))
    mmaction.load_state_dict(pyskl.state_dict(), strict=True)
    x = torch.rand(1, 17, 4, 16, 16)
    with torch.no_grad():
        torch.testing.assert_close(mmaction.eval()(x), pyskl.eval()(x))
    # the PYSKL default strides (1, 2) halve the stem's output; the mmaction2 overrides do not
    assert ResNet3dSlowOnly(in_channels=17, base_channels=8, num_stages=1, out_indices=(0, ),
                            stage_blocks=(1, ), spatial_strides=(1, ), temporal_strides=(1, ),
                            inflate=(0, ), conv1_stride_s=1, pool1_stride_s=1)(x).shape[-1] == 16

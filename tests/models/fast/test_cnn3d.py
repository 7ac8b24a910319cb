"""The PoseC3D backbones with ``impl='fast'`` against ``impl='plain'`` (PYSKL's code paths) in
float64: outputs and every gradient in training mode, eval mode (folded BatchNorms) and with
``norm_eval``; the same state dict; channels-last activations on the CPU."""
import pytest
import torch
from gradient_check import assert_same_function

from stgcn_kit.models import C3D, X3D, ResNet3d, ResNet3dSlowOnly
from stgcn_kit.models.fast.cnn3d import FastConvModule, avg_pool3d, pointwise_conv3d

X3D_SHALLOW = dict(gamma_d=1, in_channels=3, base_channels=8, num_stages=3, se_ratio=None,
                   use_swish=False, stage_blocks=(1, 2, 1), spatial_strides=(2, 2, 2))
SLOWONLY = dict(in_channels=3, base_channels=8, num_stages=3, stage_blocks=(1, 2, 1),
                conv1_stride=(1, 1), pool1_stride=(1, 1), inflate=(0, 1, 1),
                spatial_strides=(2, 2, 2), temporal_strides=(1, 1, 2), out_indices=(2, ))
VARIANTS = {
    'x3d_shallow': (X3D, X3D_SHALLOW),
    'x3d_se_swish': (X3D, dict(X3D_SHALLOW, se_ratio=1 / 16, use_swish=True, gamma_b=1.5)),
    'c3d_light': (C3D, dict(in_channels=3, base_channels=4, num_stages=3,
                            temporal_downsample=False)),
    'c3d_4_stages': (C3D, dict(in_channels=3, base_channels=4, num_stages=4)),
    'slowonly_r50': (ResNet3dSlowOnly, SLOWONLY),
    'slowonly_norm_eval': (ResNet3dSlowOnly, dict(SLOWONLY, norm_eval=True)),
    'resnet3d_3x3x3': (ResNet3d, dict(SLOWONLY, conv1_kernel=(3, 5, 5), inflate_style='3x3x3',
                                      out_indices=(1, 2))),
}


def _build(variant, impl, dtype=torch.float64):
    cls, kwargs = VARIANTS[variant]
    torch.manual_seed(0)
    model = cls(**kwargs, impl=impl).to(dtype)
    model.init_weights()
    with torch.no_grad():  # statistics and affine terms far from the identity, zero BNs too
        for name, tensor in model.state_dict().items():
            if name.endswith(('running_mean', 'bias')):
                tensor.uniform_(-0.5, 0.5)
            elif name.endswith(('running_var', 'bn.weight')):
                tensor.uniform_(0.5, 1.5)
    return model


def _input(dtype=torch.float64):
    return torch.rand(2, 3, 8, 16, 16, generator=torch.Generator().manual_seed(1)).to(dtype)


def _assert_close(out, ref, **tolerance):
    if isinstance(ref, tuple):
        assert isinstance(out, tuple) and len(out) == len(ref)
        for o, r in zip(out, ref):
            torch.testing.assert_close(o, r, **tolerance)
    else:
        torch.testing.assert_close(out, ref, **tolerance)


class _Summed(torch.nn.Module):
    """A backbone with several outputs as one tensor (for the gradient comparison)."""

    def __init__(self, backbone):
        super().__init__()
        self.backbone = backbone

    def forward(self, x):
        out = self.backbone(x)
        return torch.cat([o.flatten(1) for o in out], 1) if isinstance(out, tuple) else out


@pytest.mark.parametrize('variant', VARIANTS)
def test_fast_equals_plain_forward_and_gradients(variant):
    fast, plain = _build(variant, 'fast'), _build(variant, 'plain')
    plain.load_state_dict(fast.state_dict())
    assert any(isinstance(m, FastConvModule) for m in fast.modules())
    assert not any(isinstance(m, FastConvModule) for m in plain.modules())
    x = _input()
    for mode in ('eval', 'train'):  # eval: the BatchNorms are folded, also under autograd
        getattr(fast, mode)()
        getattr(plain, mode)()
        with torch.no_grad():
            _assert_close(fast(x), plain(x), rtol=1e-9, atol=1e-9)
        assert_same_function(_Summed(fast), _Summed(plain), x, rtol=1e-8, atol=1e-9)
    # the training-mode passes updated both models' running statistics alike
    for name, value in fast.state_dict().items():
        torch.testing.assert_close(value, plain.state_dict()[name], rtol=1e-9, atol=1e-9,
                                   msg=name)


@pytest.mark.parametrize('variant', VARIANTS)
def test_impls_share_the_state_dict(variant):
    fast, plain = _build(variant, 'fast'), _build(variant, 'plain')
    assert list(fast.state_dict()) == list(plain.state_dict())
    for name, value in fast.state_dict().items():
        assert torch.equal(value, plain.state_dict()[name]), name  # same seed, same weights


@pytest.mark.parametrize('variant', ['x3d_shallow', 'c3d_light', 'slowonly_r50'])
def test_float32_cpu_runs_channels_last_and_returns_contiguous(variant):
    """oneDNN's kernels on channels-last activations (float32 on the CPU), still the plain
    model's numbers; the output has the plain model's layout."""
    fast, plain = _build(variant, 'fast', torch.float32), _build(variant, 'plain', torch.float32)
    plain.load_state_dict(fast.state_dict())
    seen = []
    for module in fast.modules():
        if isinstance(module, FastConvModule):
            module.register_forward_pre_hook(lambda m, args: seen.append(args[0]))
    x = _input(torch.float32)
    for mode in ('eval', 'train'):
        getattr(fast, mode)()
        getattr(plain, mode)()
        out = fast(x)
        assert out.is_contiguous()
        torch.testing.assert_close(out, plain(x), rtol=1e-4, atol=1e-4)
    assert seen and all(t.is_contiguous(memory_format=torch.channels_last_3d) for t in seen)
    assert not seen[0].is_contiguous()


@pytest.mark.parametrize('cls', [X3D, C3D, ResNet3dSlowOnly])
def test_unknown_impl_is_named(cls):
    with pytest.raises(ValueError, match="impl must be one of.*'fast'.*got 'quick'"):
        cls(impl='quick')


@pytest.mark.parametrize('pool', [
    torch.nn.AvgPool3d((1, 2, 2), (1, 2, 2)),
    torch.nn.AvgPool3d((2, 2, 2), (2, 2, 2)),                  # odd frame count: floor
    torch.nn.AvgPool3d((3, 3, 2), (3, 2, 2), padding=(0, 1, 0)),
    torch.nn.AvgPool3d((1, 3, 3), (1, 2, 2), padding=(0, 1, 1), count_include_pad=False),
    torch.nn.AvgPool3d((2, 2, 2), (2, 2, 2), ceil_mode=True),  # falls back to the 3D pooling
    torch.nn.AvgPool3d((2, 2, 2), (1, 2, 2)),                  # overlapping frames: falls back
])
def test_avg_pool3d_keeps_channels_last_and_pools_alike(pool):
    x = torch.randn(2, 3, 7, 9, 8, dtype=torch.float64)
    for inp in (x, x.contiguous(memory_format=torch.channels_last_3d)):
        inp = inp.detach().requires_grad_()
        out = avg_pool3d(pool, inp)
        assert out.is_contiguous(memory_format=torch.channels_last_3d)
        ref_in = x.detach().requires_grad_()
        ref = pool(ref_in)
        torch.testing.assert_close(out, ref, rtol=1e-12, atol=1e-12)
        grad = torch.randn_like(ref)
        (out * grad).sum().backward()
        (ref * grad).sum().backward()
        torch.testing.assert_close(inp.grad, ref_in.grad, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize('variant', ['x3d_shallow', 'slowonly_r50'])
def test_gradients_stay_channels_last_through_the_blocks(variant):
    """Every unit's output gradient is channels-last in a float32 training step on the CPU, so
    no convolution backward copies layouts; on one thread (where PyTorch's own backward of 1x1x1
    convolutions returns contiguous gradients) as well as on several."""
    fast = _build(variant, 'fast', torch.float32).train()
    layouts = []
    for module in fast.modules():
        if isinstance(module, FastConvModule):
            module.register_full_backward_hook(
                lambda m, grad_in, grad_out: layouts.append(
                    grad_out[0].is_contiguous(memory_format=torch.channels_last_3d)
                    and not grad_out[0].is_contiguous()))
    threads = torch.get_num_threads()
    try:
        for num_threads in {1, threads}:
            torch.set_num_threads(num_threads)
            layouts.clear()
            _Summed(fast)(_input(torch.float32)).sum().backward()
            assert layouts and all(layouts), layouts
    finally:
        torch.set_num_threads(threads)


def test_pointwise_conv3d_is_the_1x1x1_convolution():
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(2, 6, 5, 7, 8, generator=gen, dtype=torch.float64)
    x = x.contiguous(memory_format=torch.channels_last_3d)
    w = torch.randn(4, 6, 1, 1, 1, generator=gen, dtype=torch.float64)
    b = torch.randn(4, generator=gen, dtype=torch.float64)
    out = pointwise_conv3d(x, w, b)
    torch.testing.assert_close(out, torch.nn.functional.conv3d(x, w, b))
    assert out.is_contiguous(memory_format=torch.channels_last_3d)


@pytest.mark.parametrize('variant', ['x3d_shallow', 'c3d_light', 'slowonly_r50'])
def test_bf16_autocast_on_cpu_runs_the_convolutions_in_bf16_like_plain(variant):
    """Under CPU bfloat16 autocast the fast units compute in bfloat16 (their outputs are
    bfloat16) and train: finite float32 gradients for every parameter, and outputs that are
    plain's under the same autocast within bfloat16 rounding (the math itself is compared in
    float64 above; bfloat16 gradients differ from float32 ones by 10-50% of their norm here,
    too noisy to compare)."""
    fast, plain = _build(variant, 'fast', torch.float32), _build(variant, 'plain', torch.float32)
    plain.load_state_dict(fast.state_dict())
    dtypes = {}
    for name, module in fast.named_modules():
        if isinstance(module, FastConvModule):
            module.register_forward_hook(lambda m, args, out, name=name:
                                         dtypes.__setitem__(name, out.dtype))
    x = _input(torch.float32)
    outs = []
    for model in (fast, plain):
        model.train()
        with torch.autocast('cpu', dtype=torch.bfloat16):
            out = _Summed(model)(x).float()
        out.square().sum().backward()
        outs.append(out.detach())
    assert set(dtypes.values()) == {torch.bfloat16}, dtypes
    assert ((outs[0] - outs[1]).norm() / outs[1].norm()).item() < 0.05
    for name, param in fast.named_parameters():
        assert param.grad.dtype == torch.float32 and param.grad.isfinite().all(), name

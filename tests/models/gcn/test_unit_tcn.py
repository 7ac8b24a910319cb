"""unit_tcn: padding keeps T, stride and dilation as a strided loop computes them."""
import pytest
import torch

from stgcn_kit.models.fast import accelerate
from stgcn_kit.models.gcn import unit_tcn


@pytest.mark.parametrize('kernel,stride,dilation', [(9, 1, 1), (9, 2, 1), (3, 1, 3), (3, 2, 2),
                                                   (1, 2, 1), (1, 3, 1)])
def test_against_a_loop_over_frames(kernel, stride, dilation):
    torch.manual_seed(0)
    unit = unit_tcn(2, 3, kernel, stride=stride, dilation=dilation, norm=None).double()
    x = torch.randn(1, 2, 10, 4, dtype=torch.float64)
    pad = (kernel - 1) * dilation // 2
    xp = torch.nn.functional.pad(x, (0, 0, pad, pad))
    w = unit.conv.weight[..., 0]  # (C_out, C_in, kernel)
    frames = []
    for t in range(0, 10, stride):
        taps = xp[:, :, t:t + (kernel - 1) * dilation + 1:dilation]  # (1, C_in, kernel, V)
        frames.append(torch.einsum('oik,nikv->nov', w, taps) + unit.conv.bias[None, :, None])
    torch.testing.assert_close(unit(x), torch.stack(frames, 2))


@pytest.mark.parametrize('impl,layout', [('plain', torch.contiguous_format),
                                         ('fast', torch.contiguous_format),
                                         ('fast', torch.channels_last)])
@pytest.mark.parametrize('in_channels', [8, 16])
def test_strided_1x1_gradients(in_channels, impl, layout):
    """Stride 2 on 8 channels (the fast unit slices first: oneDNN's AVX-512 weight-gradient
    kernel has crashed the process on it in channels-last, see ``presubsample``) and on 16
    (strided by the convolution); gradients against an einsum in float64. The plain unit gets
    the contiguous inputs of the plain backbone."""
    torch.manual_seed(0)
    unit = unit_tcn(in_channels, 16, kernel_size=1, stride=2, norm=None)
    if impl == 'fast':
        accelerate(unit)
        assert unit.frames_stride == (2 if in_channels == 8 else 1)
    x = torch.randn(4, in_channels, 52, 20).contiguous(memory_format=layout).requires_grad_()
    grad_out = torch.randn(4, 16, 26, 20)
    unit(x).backward(grad_out)
    w = unit.conv.weight.detach()[:, :, 0, 0].double().requires_grad_()
    x64 = x.detach().double().requires_grad_()
    bias = unit.conv.bias.detach().double()[:, None, None]
    expected = torch.einsum('oi,nitv->notv', w, x64[:, :, ::2]) + bias
    expected.backward(grad_out.double())
    # float32 sums of 2,080 products per weight: ~1e-6 of the gradients' scale
    torch.testing.assert_close(unit.conv.weight.grad[:, :, 0, 0], w.grad.float(),
                               rtol=1e-4, atol=1e-4)
    torch.testing.assert_close(x.grad, x64.grad.float())


def test_bn_and_norm_choice():
    assert isinstance(unit_tcn(2, 3).bn, torch.nn.BatchNorm2d)
    with pytest.raises(ValueError, match='norm'):
        unit_tcn(2, 3, norm='GN')

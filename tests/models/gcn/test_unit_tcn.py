"""unit_tcn: padding keeps T, stride and dilation as a strided loop computes them."""
import pytest
import torch

from stgcn_kit.models.gcn import unit_tcn


@pytest.mark.parametrize('kernel,stride,dilation', [(9, 1, 1), (9, 2, 1), (3, 1, 3), (3, 2, 2)])
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


def test_bn_and_norm_choice():
    assert isinstance(unit_tcn(2, 3).bn, torch.nn.BatchNorm2d)
    with pytest.raises(ValueError, match='norm'):
        unit_tcn(2, 3, norm='GN')

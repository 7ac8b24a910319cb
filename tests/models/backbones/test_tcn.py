"""TCN: its first stage against a convolution written as loops over the concatenated joints;
the paper's widths and strides; training."""
import numpy as np
import pytest
import torch

from stgcn_kit.models import TCN

from .helpers import assert_all_params_get_finite_grads

# 0 - 1, 1 - 2, 1 - 3
TINY = dict(num_node=4, inward=[(1, 0), (2, 1), (3, 1)], center=0)


def _input(n=2, m=2, t=6, v=4, c=3):
    return torch.randn(n, m, t, v, c, generator=torch.Generator().manual_seed(0),
                       dtype=torch.float64)


def test_first_stage_convolves_every_joints_coordinates_over_frames():
    """Eval mode, one stage: ``relu(bn(sum_{v, c, d} W[o, v*C + c, d] x[t + d - k//2, v, c]))``
    with frames outside the clip zero, the input BN and the stage BN at fresh statistics."""
    torch.manual_seed(0)
    model = TCN(dict(layout=TINY), base_channels=5, num_stages=1, kernel_size=3,
                first_residual=False).double().eval()
    x = _input()
    n, m, t, v, c = x.shape
    eps = model.data_bn.eps
    inp = x.numpy() / np.sqrt(1 + eps)
    weight = model.tcn[0].tcn.conv.weight.detach().numpy()[..., 0]  # (5, V*C, 3)
    bias = model.tcn[0].tcn.conv.bias.detach().numpy()
    expected = np.zeros((n, m, 5, t, 1))
    for i in range(n):
        for p in range(m):
            for f in range(t):
                acc = bias.copy()
                for d in range(3):
                    frame = f + d - 1
                    if not 0 <= frame < t:
                        continue
                    for joint in range(v):
                        for ch in range(c):
                            acc += weight[:, joint * c + ch, d] * inp[i, p, frame, joint, ch]
                expected[i, p, :, f, 0] = np.maximum(acc / np.sqrt(1 + eps), 0)
    with torch.no_grad():
        np.testing.assert_allclose(model(x).numpy(), expected, atol=1e-10)


def test_default_stages_are_the_papers_nine_units():
    model = TCN(dict(layout='openpose'))
    plan = [(b.tcn.conv.in_channels, b.tcn.conv.out_channels, b.tcn.stride) for b in model.tcn]
    assert plan == [(18 * 3, 64, 1), (64, 64, 1), (64, 64, 1), (64, 128, 2), (128, 128, 1),
                    (128, 128, 1), (128, 256, 2), (256, 256, 1), (256, 256, 1)]
    assert all(b.residual is not None for b in model.tcn)
    assert [b.tcn.drop.p for b in TCN(dict(layout='openpose'), dropout=0.5).tcn] == [0.] + [0.5] * 8
    out = model.eval()(torch.randn(1, 2, 20, 18, 3))
    assert out.shape == (1, 2, 256, 5, 1)


def test_trains_and_checks_its_input():
    assert_all_params_get_finite_grads(
        TCN(dict(layout=TINY), base_channels=4, num_stages=3, inflate_stages=[3],
            down_stages=[3]).double(), _input())
    with pytest.raises(ValueError, match='V=4'):
        TCN(dict(layout=TINY))(torch.randn(1, 2, 5, 17, 3))

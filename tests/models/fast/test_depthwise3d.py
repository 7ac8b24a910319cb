"""depthwise_conv3d against torch's grouped convolution: output and the gradients of input,
filters and bias, for strides whose positions do and do not end on the input's edge, in float64
and on float32 channels-last inputs (oneDNN's kernels); and which convolutions qualify."""
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from stgcn_kit.models.fast.depthwise3d import conv3d, depthwise_conv3d, is_depthwise

CASES = [  # channels, input (T, H, W), kernel, stride, padding
    (6, (5, 9, 10), (3, 3, 3), (1, 2, 2), (1, 1, 1)),   # X3D's strided block, odd size
    (6, (5, 8, 8), (3, 3, 3), (1, 2, 2), (1, 1, 1)),    # even size: a position left over
    (4, (7, 6, 5), (5, 1, 1), (1, 1, 1), (2, 0, 0)),    # X3D's temporal stem
    (5, (6, 7, 9), (3, 3, 2), (2, 3, 2), (0, 1, 1)),    # mixed strides, no padding on T
]


def _grads(fn, x, w, b, grad_out):
    x, w, b = (t.detach().clone().requires_grad_() for t in (x, w, b))
    out = fn(x, w, b)
    (out * grad_out).sum().backward()
    return out, x.grad, w.grad, b.grad


@pytest.mark.parametrize('dtype, channels_last', [(torch.float64, False),
                                                  (torch.float32, True)])
@pytest.mark.parametrize('channels, size, kernel, stride, padding', CASES)
def test_equals_grouped_conv3d_with_gradients(channels, size, kernel, stride, padding, dtype,
                                              channels_last):
    gen = torch.Generator().manual_seed(0)
    x = torch.randn((2, channels) + size, generator=gen, dtype=dtype)
    if channels_last:
        x = x.contiguous(memory_format=torch.channels_last_3d)
    w = torch.randn((channels, 1) + kernel, generator=gen, dtype=dtype)
    b = torch.randn(channels, generator=gen, dtype=dtype)
    out_ref = F.conv3d(x, w, b, stride, padding, 1, channels)
    grad_out = torch.randn(out_ref.shape, generator=gen, dtype=dtype)
    ref = _grads(lambda x, w, b: F.conv3d(x, w, b, stride, padding, 1, channels), x, w, b,
                 grad_out)
    ours = _grads(lambda x, w, b: depthwise_conv3d(x, w, b, stride, padding), x, w, b, grad_out)
    tolerance = dict(rtol=1e-10, atol=1e-10) if dtype == torch.float64 else {}
    for name, o, r in zip(('output', 'input gradient', 'filter gradient', 'bias gradient'),
                          ours, ref):
        torch.testing.assert_close(o, r, **tolerance, msg=name)


def test_conv3d_gives_torch_conv3d_in_both_layouts():
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(1, 8, 4, 5, 5, generator=gen)
    w = torch.randn(6, 4, 1, 3, 3, generator=gen)
    ref = F.conv3d(x, w, None, (1, 2, 1), (0, 1, 1), 1, 2)
    for inp in (x, x.contiguous(memory_format=torch.channels_last_3d)):
        torch.testing.assert_close(conv3d(inp, w, None, (1, 2, 1), (0, 1, 1), groups=2), ref)


@pytest.mark.parametrize('conv, expected', [
    (nn.Conv3d(8, 8, 3, padding=1, groups=8), True),
    (nn.Conv3d(8, 8, (5, 1, 1), padding=(2, 0, 0), groups=8), True),
    (nn.Conv3d(8, 8, 3, padding=1, groups=4), False),         # not one filter per channel
    (nn.Conv3d(8, 16, 3, padding=1, groups=8), False),        # channel multiplier
    (nn.Conv3d(8, 8, 3, padding=1, dilation=2, groups=8), False),
    (nn.Conv3d(8, 8, 3, padding=3, groups=8), False),         # padding beyond kernel - 1
    (nn.Conv3d(8, 8, 3, padding='same', groups=8), False),
    (nn.Conv3d(8, 8, 3, padding=1, groups=8, padding_mode='reflect'), False),
])
def test_is_depthwise(conv, expected):
    assert is_depthwise(conv) is expected

"""int8 quantization of the module convolutions: close to the float model, really int8, opt-in."""
import copy

import pytest
import torch
from torch import nn
from torch.ao.nn import quantized as nnq

from stgcn_kit.models.fast import fuse_conv_bn, quantize_int8
from stgcn_kit.models.gcn import unit_tcn
from stgcn_kit.registry import MODELS

SMALL = dict(base_channels=16, num_stages=4, inflate_stages=(3,), down_stages=(3,))
BACKBONES = {
    'stgcn': dict(type='STGCN', graph_cfg=dict(layout='coco', mode='stgcn_spatial')),
    'stgcnpp': dict(type='STGCN', graph_cfg=dict(layout='coco', mode='spatial'),
                    gcn_adaptive='init', gcn_with_res=True, tcn_type='mstcn'),
    'aagcn': dict(type='AAGCN', graph_cfg=dict(layout='coco', mode='spatial')),
}


def _folded_recognizer(backbone='stgcn'):
    """A small eval-mode recognizer with BN statistics away from the identity, BN folded."""
    torch.manual_seed(0)
    model = MODELS.build(dict(type='RecognizerGCN', backbone=dict(BACKBONES[backbone], **SMALL),
                              cls_head=dict(type='GCNHead', num_classes=10, in_channels=32)))
    with torch.no_grad():
        for name, tensor in model.state_dict().items():
            if name.endswith('running_mean'):
                tensor.uniform_(-0.5, 0.5)
            elif name.endswith('running_var'):
                tensor.uniform_(0.5, 1.5)
    return fuse_conv_bn(model.eval())


def _inputs(n, seed):
    return torch.randn(n, 2, 16, 17, 3, generator=torch.Generator().manual_seed(seed))


def _feature_errors(float_model, int8_model, x):
    """The backbone outputs' RMS error over their standard deviation, and how often the
    largest channel at a position (the decision a linear head reads) stays the same."""
    with torch.no_grad():
        expected, out = float_model.backbone(x), int8_model.backbone(x)
    rms = (out - expected).pow(2).mean().sqrt().item() / expected.std().item()
    agree = (expected.argmax(2) == out.argmax(2)).float().mean().item()
    return rms, agree


# uint8 activations with reduce_range keep 7 bits: rounding to 1/128 of a range spanning a few
# standard deviations errs by ~1% of the standard deviation (RMS) per rounding, and every int8
# convolution rounds its input and its output. Measured: 1.3% (ST-GCN), 1.6% (ST-GCN++).
RMS_TOLERANCE = 0.03
# AAGCN's attention gates multiply the activations by up to 2 three times per block and so
# amplify the rounding: measured 6.1%
RMS_TOLERANCE_AAGCN = 0.1


@pytest.mark.parametrize('backbone', BACKBONES)
def test_int8_outputs_close_to_float(backbone):
    model = _folded_recognizer(backbone)
    int8 = quantize_int8(copy.deepcopy(model), [_inputs(8, seed) for seed in range(2)])
    x = _inputs(32, 100)  # other samples than the calibration's
    rms, agree = _feature_errors(model, int8, x)
    assert rms < (RMS_TOLERANCE_AAGCN if backbone == 'aagcn' else RMS_TOLERANCE)
    # a random network's pooled scores hardly depend on the input (their spread over samples
    # is ~1e-3 of their range), so their top-1 would agree trivially; per position it does not
    assert agree >= 0.9  # measured 0.98 (ST-GCN), 1.00 (ST-GCN++), 0.93 (AAGCN)
    with torch.no_grad():
        expected, scores = model(x), int8(x)
    spread = (expected.max(1).values - expected.min(1).values).mean().item()
    assert (scores - expected).abs().max().item() < 0.01 * spread  # measured 0.001-0.003


def test_badly_calibrated_ranges_break_the_tolerance():
    # the check above can fail: ranges observed on inputs 100x too large round every
    # activation to a few levels
    model = _folded_recognizer()
    int8 = quantize_int8(copy.deepcopy(model), [_inputs(8, 0) * 100])
    rms, _ = _feature_errors(model, int8, _inputs(32, 100))
    assert rms > 2 * RMS_TOLERANCE


def test_module_convolutions_become_int8_and_the_rest_stays_float():
    model = quantize_int8(_folded_recognizer('stgcnpp'), [_inputs(2, 0)])
    backbone = model.backbone
    tcn = backbone.gcn[1].tcn  # mstcn: 1x1 squeezes, dilated temporal convs, 1x1 output
    assert isinstance(tcn.transform[-1].module, nnq.Conv2d)
    assert isinstance(tcn.branches[-1].module, nnq.Conv2d)  # the '1x1' branch
    assert isinstance(tcn.branches[0][0].module, nnq.Conv2d)
    assert isinstance(tcn.branches[0][-1].conv.module, nnq.Conv2d)
    assert isinstance(backbone.gcn[2].residual.conv.module, nnq.Conv2d)  # strided residual
    assert isinstance(backbone.gcn[2].gcn.down[0].module, nnq.Conv2d)
    # unit_gcn's projection is read as a weight by graph_conv: it stays float
    assert type(backbone.gcn[1].gcn.conv) is nn.Conv2d
    assert model.cls_head.fc_cls.weight.dtype == torch.float32

    plain = quantize_int8(_folded_recognizer(), [_inputs(2, 0)])
    temporal = plain.backbone.gcn[1].tcn.conv.module
    assert isinstance(temporal, nnq.Conv2d) and temporal.kernel_size == (9, 1)
    weight = temporal.weight()  # int8, one scale per output channel, symmetric (zero point 0)
    assert weight.dtype == torch.qint8 and weight.qscheme() == torch.per_channel_affine
    assert weight.q_per_channel_scales().numel() == 16
    assert not weight.q_per_channel_zero_points().any()


@pytest.mark.parametrize('channels_last', [False, True])
def test_int8_convolution_keeps_the_input_layout(channels_last):
    # ST-GCN runs channels-last, AAGCN contiguous: each must get its layout back
    torch.manual_seed(0)
    model = nn.Sequential(unit_tcn(8, 16, norm=None)).eval()
    x = torch.rand(2, 8, 12, 5)
    x = x.contiguous(memory_format=torch.channels_last) if channels_last else x
    with torch.no_grad():
        expected = model(x)
        out = quantize_int8(copy.deepcopy(model), [x])(x)
    assert out.is_contiguous(memory_format=torch.channels_last) == channels_last
    assert out.is_contiguous() != channels_last
    assert (out - expected).pow(2).mean().sqrt() < RMS_TOLERANCE * expected.std()


def test_refuses_training_unfolded_and_empty_calibration():
    model = _folded_recognizer()
    with pytest.raises(ValueError, match='eval'):
        quantize_int8(copy.deepcopy(model).train(), [_inputs(2, 0)])
    with pytest.raises(ValueError, match='empty'):
        quantize_int8(model, iter([]))
    assert type(model.backbone.gcn[1].tcn.conv) is nn.Conv2d  # left untouched
    torch.manual_seed(0)
    unfolded = MODELS.build(dict(type='STGCN', **SMALL, graph_cfg=dict(layout='coco'))).eval()
    with pytest.raises(ValueError, match='fuse_conv_bn'):
        quantize_int8(unfolded, [_inputs(2, 0)])
    with pytest.raises(ValueError, match='engine'):
        quantize_int8(model, [_inputs(2, 0)], engine='qnnpack')

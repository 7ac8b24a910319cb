"""Recognizer3D: views (clips and flips) averaged as test_cfg says, every view a training
sample, and PYSKL / mmaction2 checkpoint keys loading strictly."""
from pathlib import Path

import pytest
import torch
from mmengine.registry import init_default_scope

from stgcn_kit.registry import MODELS
from stgcn_kit.structures import ActionDataSample

REF = Path(__file__).resolve().parents[2] / 'data' / 'posec3d' / 'pyskl_models.pt'


def _model(average_clips='prob'):
    init_default_scope('stgcn_kit')
    return MODELS.build(dict(
        type='Recognizer3D',
        backbone=dict(type='C3D', in_channels=3, base_channels=4, num_stages=3,
                      temporal_downsample=False),
        cls_head=dict(type='I3DHead', in_channels=32, num_classes=5, dropout=0.5),
        test_cfg=dict(average_clips=average_clips))).eval()


def _samples(labels, num_clips):
    out = []
    for label in labels:
        s = ActionDataSample()
        s.gt_label = torch.tensor([label])
        s.set_metainfo(dict(num_clips=num_clips))
        out.append(s)
    return out


@pytest.mark.parametrize('mode', ['prob', 'score'])
def test_predict_averages_every_view(mode):
    torch.manual_seed(0)
    model = _model(mode)
    x = torch.rand(2, 4, 3, 4, 16, 16)  # 2 clips x 2 flips per sample
    with torch.no_grad():
        # metainfo says 2 clips; the 4 views (clips and their flips) all count
        preds = model(x, _samples([1, 2], num_clips=2), mode='predict')
        each = model.cls_head(model.backbone(x.reshape(8, 3, 4, 16, 16))).view(2, 4, 5)
    expect = each.softmax(-1).mean(1) if mode == 'prob' else each.mean(1)
    for pred, e in zip(preds, expect):
        torch.testing.assert_close(pred.pred_score, e)


def test_loss_counts_each_view_with_its_label():
    torch.manual_seed(0)
    model = _model().train()
    x = torch.rand(2, 1, 3, 4, 16, 16)
    losses = model(x, _samples([1, 3], 1), mode='loss')
    assert losses['loss_cls'].requires_grad and losses['loss_cls'] > 0
    with pytest.raises(ValueError, match=r'\(N, views, C, T, H, W\)'):
        model(torch.rand(2, 3, 4, 16, 16), _samples([1, 3], 1), mode='loss')


def test_pyskl_checkpoint_keys_load_strictly():
    init_default_scope('stgcn_kit')
    case = torch.load(REF, weights_only=True)['slowonly_r50']
    model = MODELS.build(dict(type='Recognizer3D',
                              backbone=dict(type='ResNet3dSlowOnly', **case['kwargs']),
                              cls_head=dict(type='I3DHead', in_channels=512, num_classes=5)))
    # a PYSKL / mmaction2 PoseC3D checkpoint: backbone.* and cls_head.fc_cls.*
    state = {f'backbone.{k}': torch.zeros(s) for k, s in case['backbone_keys']}
    state.update({f'cls_head.{k}': torch.ones(s) for k, s in case['head_keys']})
    model.load_state_dict(state, strict=True)
    assert model.cls_head.fc_cls.weight.eq(1).all()


def _mmaction2_model(head_clips, **kwargs):
    init_default_scope('stgcn_kit')
    return MODELS.build(dict(
        type='Recognizer3D',
        backbone=dict(type='C3D', in_channels=3, base_channels=4, num_stages=3,
                      temporal_downsample=False),
        cls_head=dict(type='I3DHead', in_channels=32, num_classes=5, dropout_ratio=0.5,
                      average_clips=head_clips), **kwargs)).eval()


def test_mmaction2_head_level_average_clips_decides_the_averaging():
    torch.manual_seed(0)
    model = _mmaction2_model('score', train_cfg=None, test_cfg=None)
    x = torch.rand(1, 2, 3, 4, 16, 16)
    with torch.no_grad():
        [pred] = model(x, _samples([1], num_clips=2), mode='predict')
        each = model.cls_head(model.backbone(x[0]))
    torch.testing.assert_close(pred.pred_score, each.mean(0))   # raw scores, not softmax
    assert _mmaction2_model(None).test_cfg['average_clips'] is None


def test_mmaction2_settings_that_cannot_apply_are_errors():
    with pytest.raises(ValueError, match="average_clips='prob'.*'score' differ"):
        _mmaction2_model('prob', test_cfg=dict(average_clips='score'))
    with pytest.raises(ValueError, match='train_cfg'):
        _mmaction2_model('prob', train_cfg=dict(blending=dict(type='MixupBlending')))

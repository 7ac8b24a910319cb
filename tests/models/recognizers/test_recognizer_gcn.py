"""RecognizerGCN: clip folding, TTA averaging against a hand computation, the three modes."""
import pytest
import torch

from stgcn_kit.models import RecognizerGCN
from stgcn_kit.structures import ActionDataSample

NUM_CLASSES = 4


def build(average_clips='prob'):
    torch.manual_seed(0)
    return RecognizerGCN(
        backbone=dict(type='STGCN', graph_cfg=dict(layout='coco', mode='spatial'),
                      base_channels=8, num_stages=2, inflate_stages=[], down_stages=[2]),
        cls_head=dict(type='GCNHead', num_classes=NUM_CLASSES, in_channels=8,
                      init_cfg=dict(type='Normal', layer='Linear', std=1.)),
        test_cfg=dict(average_clips=average_clips)).eval()


def samples(num_clips, labels=(1, 3)):
    out = []
    for label in labels:
        sample = ActionDataSample(metainfo=dict(num_clips=num_clips))
        sample.gt_label = label
        out.append(sample)
    return out


def inputs(num_clips, m=2):
    return torch.randn(2, num_clips * m, 6, 17, 3, generator=torch.Generator().manual_seed(1))


def per_clip_scores(model, x, num_clips, m=2):
    """Each clip through backbone and head on its own."""
    with torch.no_grad():
        return torch.stack([torch.stack([
            model.cls_head(model.backbone(x[n:n + 1, c * m:(c + 1) * m]))[0]
            for c in range(num_clips)]) for n in range(x.shape[0])])  # (N, clips, classes)


@pytest.mark.parametrize('average_clips', ['prob', 'score', None])
def test_predict_averages_clips(average_clips):
    model = build(average_clips)
    model.init_weights()
    x = inputs(3)
    clips = per_clip_scores(model, x, 3)
    expected = {'prob': clips.softmax(-1).mean(1), 'score': clips.mean(1), None: clips}
    with torch.no_grad():
        result = model(x, samples(3), mode='predict')
    for n, sample in enumerate(result):
        torch.testing.assert_close(sample.pred_score, expected[average_clips][n])


def test_tensor_mode_returns_per_clip_scores():
    model = build()
    x = inputs(2)
    with torch.no_grad():
        torch.testing.assert_close(model(x, samples(2), mode='tensor'),
                                   per_clip_scores(model, x, 2).reshape(4, NUM_CLASSES))


def test_loss_labels_every_clip_and_backpropagates():
    model = build().train()
    model.init_weights()
    x = inputs(2)
    losses = model(x, samples(2, labels=(1, 3)), mode='loss')
    scores = model(x, samples(2), mode='tensor')
    assert set(losses) == {'loss_cls', 'top1_acc'}
    # the BN batch statistics are the same in both calls, so the loss is recomputable
    expected = torch.nn.functional.cross_entropy(scores, torch.tensor([1, 1, 3, 3]))
    torch.testing.assert_close(losses['loss_cls'], expected)
    losses['loss_cls'].backward()
    assert all(p.grad is not None for p in model.parameters())


def test_train_step_through_the_preprocessor():
    from mmengine.optim import OptimWrapper
    model = build().train()
    optim = OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.1))
    data = dict(inputs=list(inputs(1)), data_samples=samples(1))
    before = model.cls_head.fc_cls.weight.detach().clone()
    log_vars = model.train_step(data, optim)
    assert torch.isfinite(log_vars['loss']) and 'top1_acc' in log_vars
    assert not torch.equal(before, model.cls_head.fc_cls.weight)


def test_bad_inputs_are_reported():
    model = build()
    with pytest.raises(ValueError, match='not divisible by num_clips=3'):
        model(inputs(2), samples(3), mode='predict')
    with pytest.raises(ValueError, match='average_clips'):
        build('max')
    with pytest.raises(ValueError, match="mode must be"):
        model(inputs(1), samples(1), mode='features')


@pytest.mark.parametrize('average_clips', ['prob', None])
def test_clips_as_their_own_dimension_as_formatgcninput_packs_them(average_clips):
    # (N, clips, M, T, V, C): the clip count comes from the shape, each clip scored on its own
    model = build(average_clips)
    model.init_weights()
    x = inputs(3)
    clips = per_clip_scores(model, x, 3)
    six = x.reshape(2, 3, 2, 6, 17, 3)
    with torch.no_grad():
        torch.testing.assert_close(model(six, None, mode='tensor'), clips.reshape(6, NUM_CLASSES))
        result = model(six, samples(3), mode='predict')
    expected = clips.softmax(-1).mean(1) if average_clips == 'prob' else clips
    for n, sample in enumerate(result):
        torch.testing.assert_close(sample.pred_score, expected[n])
    with pytest.raises(ValueError, match='3 clips, not num_clips=2'):
        model.extract_scores(six, num_clips=2)

"""GCNHead: pooling over T, V and persons, the loss."""
import torch
import torch.nn.functional as F

from stgcn_kit.models import GCNHead


def test_forward_pools_then_classifies():
    torch.manual_seed(0)
    head = GCNHead(num_classes=4, in_channels=6).eval()
    x = torch.randn(3, 2, 6, 5, 7)  # (N, M, C, T, V)
    pooled = torch.stack([torch.stack([x[n, m].reshape(6, -1).mean(1) for m in range(2)]).mean(0)
                          for n in range(3)])
    torch.testing.assert_close(head(x), pooled @ head.fc_cls.weight.T + head.fc_cls.bias)


def test_loss_is_the_configured_cross_entropy_with_accuracy():
    head = GCNHead(num_classes=3, in_channels=2,
                   loss_cls=dict(type='CrossEntropyLoss', label_smoothing=0.1))
    scores = torch.tensor([[2., 0., 0.], [0., 0., 3.]])
    labels = torch.tensor([0, 1])
    out = head.loss(scores, labels)
    torch.testing.assert_close(out['loss_cls'],
                               F.cross_entropy(scores, labels, label_smoothing=0.1))
    assert out['top1_acc'].item() == 0.5
    default = GCNHead(num_classes=3, in_channels=2).loss(scores, labels)['loss_cls']
    torch.testing.assert_close(default, F.cross_entropy(scores, labels))


def test_init_cfg_draws_small_weights():
    head = GCNHead(num_classes=50, in_channels=256)
    head.init_weights()
    assert head.fc_cls.weight.std().item() < 0.02 and torch.all(head.fc_cls.bias == 0)


def test_loss_cls_from_the_config_replaces_cross_entropy():
    from stgcn_kit.models.losses import CBFocalLoss
    head = GCNHead(num_classes=3, in_channels=2,
                   loss_cls=dict(type='CBFocalLoss', samples_per_cls=[5, 50, 500]))
    scores = torch.tensor([[2., 0., 0.], [0., 0., 3.]])
    labels = torch.tensor([0, 1])
    torch.testing.assert_close(head.loss(scores, labels)['loss_cls'],
                               CBFocalLoss([5, 50, 500])(scores, labels))
    assert 'loss_cls.class_weight' not in head.state_dict()  # checkpoints keep their keys

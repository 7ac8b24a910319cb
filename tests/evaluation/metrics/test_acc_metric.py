import numpy as np
import pytest
import torch

from stgcn_kit.evaluation.functional import mean_class_accuracy, top_k_accuracy
from stgcn_kit.evaluation.metrics import AccMetric
from stgcn_kit.registry import METRICS
from stgcn_kit.structures import ActionDataSample


def samples(scores, labels):
    out = []
    for i, (score, label) in enumerate(zip(scores, labels)):
        sample = ActionDataSample(metainfo=dict(frame_dir=f's{i}'))
        sample.gt_label = int(label)
        sample.pred_score = torch.tensor(score)
        out.append(sample.to_dict())
    return out


def test_keys_and_values_follow_mmaction2():
    rng = np.random.default_rng(1)
    scores, labels = rng.random((12, 6)).astype(np.float32), rng.integers(0, 6, 12)
    metric = METRICS.build(dict(type='AccMetric', topk=(1, 5)))
    metric.process({}, samples(scores[:5], labels[:5]))  # two batches, as a loop feeds them
    metric.process({}, samples(scores[5:], labels[5:]))
    result = metric.evaluate(12)
    top1, top5 = top_k_accuracy(scores, labels, (1, 5))
    assert result == pytest.approx({'acc/top1': top1, 'acc/top5': top5,
                                    'acc/mean1': mean_class_accuracy(scores, labels)})


def test_topk_above_class_count_is_left_out_and_unknown_metric_rejected():
    metric = AccMetric(metric_list='top_k_accuracy', topk=(1, 5))
    metric.process({}, samples(np.eye(3, dtype=np.float32), [0, 1, 2]))
    assert metric.evaluate(3) == {'acc/top1': 1.0}
    with pytest.raises(ValueError, match='unknown metrics'):
        AccMetric(metric_list=('top1', ))

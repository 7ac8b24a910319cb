import numpy as np
import pytest
import torch

from stgcn_kit.evaluation.metrics import SaveConfusionMatrix
from stgcn_kit.structures import ActionDataSample


def feed(metric, scores, labels):
    batch = []
    for score, label in zip(scores, labels):
        sample = ActionDataSample(metainfo=dict(frame_dir='x'))
        sample.gt_label = label
        sample.pred_score = torch.tensor(score)
        batch.append(sample.to_dict())
    metric.process({}, batch)
    metric.evaluate(len(labels))


def test_npy_holds_counts_by_true_row_and_predicted_column(tmp_path):
    scores = np.eye(3, dtype=np.float32)[[0, 2, 2, 1]]  # predictions 0, 2, 2, 1
    feed(SaveConfusionMatrix(str(tmp_path / 'cm.npy')), scores, [0, 2, 1, 1])
    expected = np.zeros((3, 3), dtype=np.int64)
    expected[0, 0] = expected[2, 2] = expected[1, 2] = expected[1, 1] = 1
    assert np.array_equal(np.load(tmp_path / 'cm.npy'), expected)


def test_png_is_a_png_and_other_suffixes_are_refused(tmp_path):
    feed(SaveConfusionMatrix(str(tmp_path / 'cm.png'), class_names=['a', 'b']),
         np.eye(2, dtype=np.float32), [0, 1])
    assert (tmp_path / 'cm.png').read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'
    with pytest.raises(ValueError, match='.npy or .png'):
        SaveConfusionMatrix(str(tmp_path / 'cm.txt'))

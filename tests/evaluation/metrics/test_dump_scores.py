import pickle

import numpy as np
import pytest
import torch

from stgcn_kit.evaluation.metrics import DumpScores
from stgcn_kit.structures import ActionDataSample


def test_writes_one_record_per_sample(tmp_path):
    scores = np.random.default_rng(0).random((3, 4)).astype(np.float32)
    metric = DumpScores(out_file=str(tmp_path / 'r.pkl'))
    batch = []
    for name, score, label in zip(['a', 'b', 'c'], scores, [2, 0, 3]):
        sample = ActionDataSample(metainfo=dict(frame_dir=name))
        sample.gt_label = label
        sample.pred_score = torch.from_numpy(score)
        batch.append(sample.to_dict())
    metric.process({}, batch)
    assert metric.prefix  # mmengine warns about a metric without one
    assert metric.evaluate(3) == {}
    with open(tmp_path / 'r.pkl', 'rb') as f:
        records = pickle.load(f)
    assert [r['frame_dir'] for r in records] == ['a', 'b', 'c']
    assert [r['gt_label'] for r in records] == [2, 0, 3]
    assert all(type(r['gt_label']) is int for r in records)
    for record, score in zip(records, scores):
        assert record['pred_score'].dtype == np.float32
        assert np.array_equal(record['pred_score'], score)


def test_rejects_a_non_pickle_name(tmp_path):
    with pytest.raises(ValueError, match='.pkl'):
        DumpScores(out_file=str(tmp_path / 'r.json'))

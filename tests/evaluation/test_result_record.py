"""The one result record: built from a predicted sample, written by the metrics, fused."""
import numpy as np
import torch

from stgcn_kit.evaluation.fusion import fuse_streams, index_by_sample
from stgcn_kit.evaluation.metrics import DumpScores
from stgcn_kit.evaluation.result_record import (
    RECORD_FORMAT,
    RECORD_KEYS,
    make_record,
    record_from_sample,
    stack_records,
)
from stgcn_kit.structures import ActionDataSample


def _sample(name, label, scores):
    sample = ActionDataSample(metainfo=dict(frame_dir=name))
    sample.gt_label = label
    sample.pred_score = torch.tensor(scores, dtype=torch.float64)
    return sample.to_dict()


def test_record_from_a_predicted_sample():
    record = record_from_sample(_sample('a', 3, [0.1, 0.9]))
    assert tuple(record) == RECORD_KEYS and all(key in RECORD_FORMAT for key in RECORD_KEYS)
    assert record['frame_dir'] == 'a' and type(record['gt_label']) is int
    assert record['gt_label'] == 3 and record['pred_score'].dtype == np.float32
    np.testing.assert_allclose(record['pred_score'], [0.1, 0.9], rtol=1e-6)


def test_per_clip_scores_keep_their_clips():
    """--average-clips none: one row of class scores per clip, not one flat vector."""
    clips = np.arange(6, dtype=np.float64).reshape(3, 2)
    record = record_from_sample(_sample('a', 1, clips))
    assert record['pred_score'].shape == (3, 2) and record['pred_score'].dtype == np.float32
    np.testing.assert_array_equal(record['pred_score'], clips)
    assert make_record('b', [[2]], [[0.5, 0.5]], per_clip=True)['pred_score'].shape == (1, 2)


def test_metrics_and_fusion_write_the_same_record(tmp_path):
    metric = DumpScores(str(tmp_path / 'out.pkl'))
    metric.process({}, [_sample('a', 1, [0.2, 0.8]), _sample('b', 0, [0.6, 0.4])])
    written = metric.results
    fused = fuse_streams([index_by_sample(written, 'x')] * 2, ['x', 'y'])
    for before, after in zip(written, fused):
        assert before.keys() == after.keys() == set(RECORD_KEYS)
        assert (type(before['gt_label']), before['pred_score'].dtype) == (
            type(after['gt_label']), after['pred_score'].dtype)
        np.testing.assert_allclose(after['pred_score'], 2 * before['pred_score'])
    scores, labels = stack_records(fused)
    assert scores.shape == (2, 2) and labels.tolist() == [1, 0]
    assert make_record('c', np.int64(2), [[1, 2]])['pred_score'].shape == (2, )

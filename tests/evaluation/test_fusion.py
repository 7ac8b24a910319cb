import numpy as np
import pytest

from stgcn_kit.errors import ConfigError, DataError
from stgcn_kit.evaluation.fusion import fuse_streams, index_by_sample, load_stream, softmax
from stgcn_kit.utils import dump_pickle

RNG = np.random.default_rng(3)
NAMES = [f'a{i:02d}' for i in range(8)]
LABELS = RNG.integers(0, 5, len(NAMES))


def stream(scores, order=None):
    order = range(len(NAMES)) if order is None else order
    return [dict(frame_dir=NAMES[i], gt_label=int(LABELS[i]), pred_score=scores[i])
            for i in order]


def test_fused_scores_equal_a_hand_weighted_sum():
    s1, s2 = RNG.normal(size=(8, 5)), RNG.normal(size=(8, 5))
    fused = fuse_streams([index_by_sample(stream(s1), 'x'), index_by_sample(stream(s2), 'y')],
                         ['x', 'y'], weights=[2, 0.5], apply_softmax=True)
    for i, record in enumerate(fused):
        p1, p2 = np.exp(s1[i]) / np.exp(s1[i]).sum(), np.exp(s2[i]) / np.exp(s2[i]).sum()
        expected = 2 * p1 + 0.5 * p2
        assert record['frame_dir'] == NAMES[i] and record['gt_label'] == LABELS[i]
        assert np.allclose(record['pred_score'], expected, atol=1e-6)


def test_order_of_samples_in_a_file_does_not_matter(tmp_path):
    s1, s2 = RNG.normal(size=(8, 5)), RNG.normal(size=(8, 5))
    dump_pickle(stream(s1), tmp_path / 'j.pkl')
    dump_pickle(stream(s2), tmp_path / 'b.pkl')
    dump_pickle(stream(s2, order=RNG.permutation(8)), tmp_path / 'b_shuffled.pkl')
    in_order = fuse_streams([load_stream(tmp_path / 'j.pkl'), load_stream(tmp_path / 'b.pkl')],
                            ['j', 'b'])
    shuffled = fuse_streams([load_stream(tmp_path / 'j.pkl'),
                             load_stream(tmp_path / 'b_shuffled.pkl')], ['j', 'b'])
    assert [r['frame_dir'] for r in shuffled] == NAMES
    for a, b, i in zip(in_order, shuffled, range(8)):
        assert np.allclose(a['pred_score'], b['pred_score'])
        assert np.allclose(b['pred_score'], s1[i] + s2[i], atol=1e-6)


def test_a_missing_sample_is_an_error_naming_file_and_id():
    scores = RNG.normal(size=(8, 5))
    full = index_by_sample(stream(scores), 'j.pkl')
    short = index_by_sample(stream(scores)[1:], 'b.pkl')
    with pytest.raises(ValueError, match=r'b\.pkl.*lacks a00'):
        fuse_streams([full, short], ['j.pkl', 'b.pkl'])


def test_label_disagreement_duplicates_and_weight_count_are_errors():
    scores = RNG.normal(size=(8, 5))
    relabelled = stream(scores)
    relabelled[3] = dict(relabelled[3], gt_label=int(LABELS[3]) + 1)
    with pytest.raises(ValueError, match='a03 has label'):
        fuse_streams([index_by_sample(stream(scores), 'j'), index_by_sample(relabelled, 'b')],
                     ['j', 'b'])
    with pytest.raises(ValueError, match='more than once'):
        index_by_sample(stream(scores) + stream(scores)[:1], 'j')
    with pytest.raises(ValueError, match='one weight per file'):
        fuse_streams([index_by_sample(stream(scores), 'j')], ['j'], weights=[1, 2])


def test_softmax_rows_sum_to_one_and_keep_order():
    x = RNG.normal(size=(4, 6)) * 50
    p = softmax(x)
    assert np.allclose(p.sum(1), 1) and np.array_equal(p.argmax(1), x.argmax(1))


def test_nan_scores_and_unusable_weights_are_errors():
    scores = RNG.normal(size=(8, 5))
    good = index_by_sample(stream(scores), 'good.pkl')
    scores = scores.copy()
    scores[5, 2] = np.inf
    with pytest.raises(DataError, match=f'bad.pkl: sample {NAMES[5]} has NaN/inf scores'):
        fuse_streams([good, index_by_sample(stream(scores), 'bad.pkl')], ['good.pkl', 'bad.pkl'])
    for weights in ([1, float('nan')], [0, 0], [1, float('inf')]):
        with pytest.raises(ConfigError, match='finite number and at least one non-zero'):
            fuse_streams([good, good], ['x', 'y'], weights=weights)
    assert len(fuse_streams([good, good], ['x', 'y'], weights=[0, 1])) == 8


@pytest.mark.parametrize('label', [3.7, '3', -1, True])
def test_a_label_that_is_no_class_index_is_an_error(label):
    records = stream(RNG.normal(size=(8, 5)))
    records[2]['gt_label'] = label
    with pytest.raises(DataError, match=f'r.pkl: sample {NAMES[2]}: gt_label'):
        index_by_sample(records, 'r.pkl')


def test_a_frame_dir_that_is_no_string_is_named():
    records = [dict(frame_dir=['a'], gt_label=0, pred_score=np.zeros(2))]
    with pytest.raises(ValueError, match='x.pkl: record 0: frame_dir must be a string'):
        index_by_sample(records, 'x.pkl')

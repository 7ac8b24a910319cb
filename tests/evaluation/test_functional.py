import numpy as np
import pytest

from stgcn_kit.evaluation.functional import confusion_matrix, mean_class_accuracy, top_k_accuracy

# 5 samples, 4 classes; the label's rank is 1, 2, 3, 1, 4 (counted by hand from the rows)
SCORES = np.array([[0.1, 0.6, 0.2, 0.1],    # label 1: rank 1
                   [0.5, 0.1, 0.3, 0.1],    # label 2: rank 2
                   [0.4, 0.3, 0.2, 0.1],    # label 2: rank 3
                   [0.0, 0.0, 0.1, 0.9],    # label 3: rank 1
                   [0.3, 0.3, 0.3, 0.1]])   # label 3: rank 4
LABELS = np.array([1, 2, 2, 3, 3])


def test_top_k_accuracy_against_hand_ranks():
    assert top_k_accuracy(SCORES, LABELS, (1, 2, 3, 4)) == pytest.approx([2 / 5, 3 / 5, 4 / 5, 1])


def test_top_k_accuracy_matches_a_brute_force_count():
    rng = np.random.default_rng(0)
    scores, labels = rng.normal(size=(50, 7)), rng.integers(0, 7, 50)
    for k in (1, 3, 5):
        brute = np.mean([label in np.argsort(-row)[:k] for row, label in zip(scores, labels)])
        assert top_k_accuracy(scores, labels, (k, ))[0] == pytest.approx(brute)


def test_confusion_matrix_counts_true_rows_predicted_columns():
    pred, labels = np.array([0, 1, 1, 2, 0]), np.array([0, 1, 2, 2, 2])
    expected = np.zeros((3, 3), dtype=np.int64)
    for p, t in zip(pred, labels):
        expected[t, p] += 1
    assert np.array_equal(confusion_matrix(pred, labels, 3), expected)


def test_mean_class_accuracy_averages_recall_over_present_classes():
    # predictions 1, 0, 0, 3, 0: class 1 recall 1/1, class 2 recall 0/2, class 3 recall 1/2;
    # class 0 never occurs in the labels and does not count
    assert mean_class_accuracy(SCORES, LABELS) == pytest.approx((1 + 0 + 0.5) / 3)


@pytest.mark.parametrize('scores,labels', [(np.zeros((3, 4)), np.zeros(2, int)),
                                           (np.zeros((2, 4)), np.array([0, 4])),
                                           (np.zeros(4), np.zeros(4, int))])
def test_bad_shapes_or_labels_raise_value_error(scores, labels):
    with pytest.raises(ValueError):
        top_k_accuracy(scores, labels, (1, ))


def test_subset_mean_class_accuracy_against_a_loop():
    from stgcn_kit.evaluation.functional import subset_mean_class_accuracy
    rng = np.random.default_rng(3)
    scores, labels = rng.normal(size=(200, 8)), rng.integers(0, 8, 200)
    subset = [1, 4, 6]
    for restrict in (False, True):
        recalls = []
        for c in subset:
            hits = []
            for s, lb in zip(scores, labels):
                if lb != c:
                    continue
                allowed = subset if restrict else range(8)
                hits.append(max(allowed, key=lambda k: s[k]) == c)
            recalls.append(sum(hits) / len(hits))
        assert subset_mean_class_accuracy(scores, labels, subset, restrict) == \
            pytest.approx(sum(recalls) / 3)
    with pytest.raises(ValueError, match='class subset'):
        subset_mean_class_accuracy(scores, labels, [9])

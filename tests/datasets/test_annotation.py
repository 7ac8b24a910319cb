import numpy as np
import pytest

from stgcn_kit.datasets.annotation import MAX_CLASSES, is_label, validate_annotation
from stgcn_kit.errors import DataError


def _record(name, label=0):
    return dict(frame_dir=name, label=label, total_frames=2,
                keypoint=np.zeros((1, 2, 25, 3), np.float32))


def test_a_valid_annotation_passes():
    validate_annotation(dict(split={'train': ['a'], 'val': ['b']},
                             annotations=[_record('a'), _record('b')]), 'x.pkl')


@pytest.mark.parametrize('data, problem', [
    ([_record('a')], 'expected a dict with an "annotations" list and a "split" dict, got list'),
    (dict(split={'train': ['a', 'c', 'd']}, annotations=[_record('a')]),
     "split 'train' lists 2 sample(s) absent from the annotations: 'c', 'd'"),
    (dict(split={'train': 'a'}, annotations=[_record('a')]),
     "split 'train' must be a list of frame_dir strings"),
    (dict(split={}, annotations=[_record('a'), _record('b', MAX_CLASSES)]),
     f"sample 'b': label {MAX_CLASSES} is not an integer class index in 0-{MAX_CLASSES - 1}"),
])
def test_a_malformed_annotation_is_named(data, problem):
    with pytest.raises(DataError) as info:
        validate_annotation(data, 'x.pkl')
    assert str(info.value) == f'x.pkl: {problem}'


def test_labels_are_class_indices_below_the_bound():
    assert is_label(0) and is_label(np.int64(MAX_CLASSES - 1))
    assert not any(is_label(v) for v in (-1, MAX_CLASSES, 2**63, 2**64, True, 1.0, '1'))

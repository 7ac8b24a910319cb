"""Subsets of a split: the class-stratified fraction and the samples a name pattern matches."""
import pytest

from stgcn_kit.datasets.subset import matching_split, subsample_split


def annotation(names, labels):
    return dict(split=dict(train=list(names), val=['x_v03']),
                annotations=[dict(frame_dir=n, label=lb) for n, lb in zip(names, labels)]
                + [dict(frame_dir='x_v03', label=0)])


NAMES = [f'a{a:02d}_s01_e00_v{v:02d}' for a in range(1, 5) for v in (1, 2)]


def test_matching_split_adds_the_matching_samples_in_order_and_keeps_the_rest():
    anno = annotation(NAMES, [0, 0, 1, 1, 2, 2, 3, 3])
    out = matching_split(anno, 'train', '_v01$', 'view1')
    assert out['split']['view1'] == [n for n in NAMES if n.endswith('v01')]
    assert out['split']['train'] == NAMES and out['split']['val'] == ['x_v03']
    assert out['annotations'] == anno['annotations']
    assert 'view1' not in anno['split']  # the input is not changed


@pytest.mark.parametrize('split, pattern, new, message', [
    ('test', '_v01$', 'view1', "no split 'test'"),
    ('train', '_v01$', 'val', "has a split 'val' already"),
    ('train', '_v(01', 'view1', 'not a regular expression'),
    ('train', '_v07$', 'view7', "no sample of split 'train' matches '_v07\\$'"),
])
def test_matching_split_refuses_what_it_cannot_do(split, pattern, new, message):
    with pytest.raises(ValueError, match=message):
        matching_split(annotation(NAMES, [0] * 8), split, pattern, new, source='a.pkl')


def test_subsample_split_keeps_the_fraction_of_each_class_nested():
    names = [f's{i}' for i in range(40)]
    anno = annotation(names, [i % 4 for i in range(40)])
    half = subsample_split(anno, 'train', 0.5, seed=1)['split']['train']
    fifth = subsample_split(anno, 'train', 0.2, seed=1)['split']['train']
    labels = {n: int(n[1:]) % 4 for n in names}
    assert sorted(labels[n] for n in half) == sorted([0, 1, 2, 3] * 5)
    assert sorted(labels[n] for n in fifth) == sorted([0, 1, 2, 3] * 2)
    assert set(fifth) <= set(half)

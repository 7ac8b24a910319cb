"""Held-out parts and k folds: whole groups on one side, the share asked for, every sample in
one fold, the same answer for the same seed, and one clear error for impossible requests."""
import pytest

from stgcn_kit.datasets.folds import holdout_split, kfold_split, sample_groups

# NW-UCLA-style names: 4 subjects with 3, 3, 2 and 4 samples
NAMES = [f'a0{a}_s0{s}_e0{e}_v01' for s, count in ((1, 3), (2, 3), (3, 2), (4, 4))
         for a, e in zip(range(1, count + 1), range(count))]


def test_sample_groups():
    groups = sample_groups(NAMES, r'_s(\d+)_')
    assert groups['a01_s03_e00_v01'] == '03' and len(set(groups.values())) == 4
    assert sample_groups(NAMES[:2], None) == {NAMES[0]: NAMES[0], NAMES[1]: NAMES[1]}
    with pytest.raises(ValueError, match="does not match the sample 'x1'"):
        sample_groups(['x1'], r'_s(\d+)_')
    with pytest.raises(ValueError, match='needs a .group.'):
        sample_groups(NAMES, r'_s\d+_')


@pytest.mark.parametrize('seed', range(5))
def test_holdout_keeps_subjects_whole(seed):
    groups = sample_groups(NAMES, r'_s(\d+)_')
    fit, held = holdout_split(NAMES, groups, 0.25, seed)
    assert sorted(fit + held) == sorted(NAMES)
    assert not {groups[n] for n in fit} & {groups[n] for n in held}
    # whole subjects until at least a quarter (3 of 12) is held out: one subject of 3 or 4,
    # or the subject of 2 and one more
    assert len(held) >= 3 and fit and [n for n in NAMES if n in held] == held
    assert holdout_split(NAMES, groups, 0.25, seed) == (fit, held)


def test_holdout_changes_with_the_seed_and_refuses_one_group():
    groups = sample_groups(NAMES, r'_s(\d+)_')
    assert len({tuple(holdout_split(NAMES, groups, 0.25, s)[1]) for s in range(10)}) > 1
    with pytest.raises(ValueError, match='two groups at least'):
        holdout_split(NAMES[:3], groups, 0.25, 0)
    with pytest.raises(ValueError, match='between 0 and 1'):
        holdout_split(NAMES, groups, 1.0, 0)


def test_holdout_never_takes_every_group():
    groups = sample_groups(NAMES, r'_s(\d+)_')
    fit, held = holdout_split(NAMES, groups, 0.99, 0)
    assert fit and len({groups[n] for n in fit}) == 1


def test_kfold_by_subject_and_by_sample():
    groups = sample_groups(NAMES, r'_s(\d+)_')
    folds = kfold_split(NAMES, groups, 2, 0)
    assert sorted(sum(folds, [])) == sorted(NAMES)
    assert not {groups[n] for n in folds[0]} & {groups[n] for n in folds[1]}
    # greedy balance over subjects of 3, 3, 2, 4 samples: 6 and 6 in any order
    assert sorted(len(f) for f in folds) == [6, 6]
    by_sample = kfold_split(NAMES, sample_groups(NAMES, None), 5, 1)
    assert sorted(len(f) for f in by_sample) == [2, 2, 2, 3, 3]
    assert kfold_split(NAMES, groups, 2, 0) == folds
    with pytest.raises(ValueError, match='a group for each fold'):
        kfold_split(NAMES, groups, 5, 0)

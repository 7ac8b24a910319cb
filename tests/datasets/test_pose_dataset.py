import json

import numpy as np
import pytest
import torch
from mmengine.dataset import default_collate

from stgcn_kit.datasets import PoseDataset
from stgcn_kit.errors import DataError
from stgcn_kit.registry import DATASETS
from stgcn_kit.utils import dump_pickle


def _record(name, label, frames=8, joints=25, persons=1):
    rng = np.random.default_rng(len(name) + label)
    return dict(frame_dir=name, label=label, total_frames=frames,
                keypoint=rng.normal(size=(persons, frames, joints, 3)).astype(np.float32))


def _write(tmp_path, annotations, split=None):
    path = tmp_path / 'ann.pkl'
    dump_pickle({'split': split or {'train': ['a', 'b'], 'val': ['c']},
                 'annotations': annotations}, path)
    return str(path)


def test_selects_split_in_order_and_sets_metainfo(tmp_path):
    ann = _write(tmp_path, [_record('a', 0), _record('b', 4), _record('c', 2)],
                 split={'train': ['b', 'a'], 'val': ['c']})
    dataset = DATASETS.build(dict(type='PoseDataset', ann_file=ann, split='train',
                                  num_node='nturgb+d'))
    assert len(dataset) == 2 and dataset.metainfo['num_classes'] == 5
    info = dataset.get_data_info(0)
    assert info['frame_dir'] == 'b' and info['test_mode'] is False
    np.testing.assert_array_equal(info['keypoint'], _record('b', 4)['keypoint'])
    assert len(PoseDataset(ann)) == 3


def test_unknown_split_lists_available(tmp_path):
    ann = _write(tmp_path, [_record('a', 0), _record('b', 0), _record('c', 0)])
    with pytest.raises(ValueError, match=r"no split 'xsub_train'.*\['train', 'val'\]"):
        PoseDataset(ann, split='xsub_train')


def test_split_ids_missing_from_annotations_are_named(tmp_path):
    ann = _write(tmp_path, [_record('a', 0), _record('c', 0)])
    with pytest.raises(ValueError, match=r"'train'.*1 sample.*'b'"):
        PoseDataset(ann, split='train')


@pytest.mark.parametrize('breakage, message', [
    (lambda r: r.pop('label'), 'missing key'),
    (lambda r: r.update(keypoint=r['keypoint'][0]), r'\(M, T, V, C\)'),
    (lambda r: r['keypoint'].__setitem__((0, 1, 2, 0), np.nan), 'NaN'),
    (lambda r: r.update(total_frames=3), 'total_frames'),
    (lambda r: r.update(keypoint_score=np.ones((1, 8, 24))), 'keypoint_score'),
    # finite as float64, infinite once cast to the float32 the model sees
    (lambda r: r.update(keypoint=r['keypoint'].astype(np.float64) * np.array(1e39)),
     'NaN/inf'),
    (lambda r: r.update(label=3.7), 'label 3.7 is not an integer class index'),
    (lambda r: r.update(label='3'), "label '3' is not an integer class index"),
    (lambda r: r.update(label=-1), 'label -1 is not an integer class index'),
])
def test_malformed_record_is_reported_with_file_and_frame_dir(tmp_path, breakage, message):
    bad = _record('b', 1)
    breakage(bad)
    ann = _write(tmp_path, [_record('a', 0), bad, _record('c', 0)])
    with pytest.raises(ValueError, match=message) as err:
        PoseDataset(ann, split='train')
    assert "'b'" in str(err.value) and 'ann.pkl' in str(err.value)


def test_wrong_joint_count_for_layout(tmp_path):
    ann = _write(tmp_path, [_record('a', 0), _record('b', 0, joints=20), _record('c', 0)])
    with pytest.raises(ValueError, match="'b'.*20 joints"):
        PoseDataset(ann, num_node='nturgb+d')
    assert len(PoseDataset(ann)) == 3


def test_valid_ratio_filters_on_box_thr(tmp_path):
    records = [_record(n, 0) for n in 'abc']
    for rec, valid in zip(records, (8, 2, 4)):
        rec['valid'] = {0.5: valid}
    ann = _write(tmp_path, records)
    dataset = PoseDataset(ann, valid_ratio=0.5, box_thr=0.5)
    assert [dataset.get_data_info(i)['frame_dir'] for i in range(len(dataset))] == ['a', 'c']
    with pytest.raises(ValueError, match='box_thr'):
        PoseDataset(ann, valid_ratio=0.5)


def test_an_empty_split_is_an_error_naming_file_and_split(tmp_path):
    ann = _write(tmp_path, [_record('a', 0)], split={'train': ['a'], 'val': []})
    with pytest.raises(DataError, match=r"ann.pkl: no samples selected \(split 'val'\)"):
        PoseDataset(ann, split='val')


def test_labels_beyond_the_models_classes_name_the_first_bad_sample(tmp_path):
    ann = _write(tmp_path, [_record('a', 0), _record('b', 4), _record('c', 7)],
                 split={'train': ['a', 'b', 'c']})
    dataset = PoseDataset(ann, split='train')
    dataset.check_num_classes(8)
    with pytest.raises(DataError, match=r"ann.pkl: sample 'b' has label 4, but the model has 4 "
                                        r"classes \(0-3\); 2 sample\(s\) out of range"):
        dataset.check_num_classes(4)


def test_missing_or_corrupt_file(tmp_path):
    with pytest.raises(ValueError, match='no such file'):
        PoseDataset(str(tmp_path / 'none.pkl'))


NW_UCLA_TRAIN = [
    dict(type='PreNormalize3D'),
    dict(type='RandomScale', scale=0.1),
    dict(type='RandomRot', theta=0.3),
    dict(type='GenSkeFeat', dataset='nw-ucla', feats=['j', 'b']),
    dict(type='UniformSampleFrames', clip_len=20, p_interval=(0.5, 1)),
    dict(type='PoseDecode'),
    dict(type='FormatGCNInput', num_person=1),
    dict(type='PackActionInputs'),
]


def test_nw_ucla_pipeline_on_real_samples(shared_data, tmp_path):
    files = sorted((shared_data / 'nw-ucla' / 'all_sqe').glob('*.json'))[:: 300][:4]
    annotations = []
    for path in files:
        sample = json.loads(path.read_text())
        kp = np.asarray(sample['skeletons'], np.float32)[None]
        annotations.append(dict(frame_dir=sample['file_name'], label=int(sample['label']) - 1,
                                keypoint=kp, total_frames=kp.shape[1]))
    names = [a['frame_dir'] for a in annotations]
    ann = _write(tmp_path, annotations, split={'train': names})
    train = PoseDataset(ann, NW_UCLA_TRAIN, split='train', num_node='nw-ucla')
    test_pipeline = [dict(t, test_mode=True) if t['type'] == 'UniformSampleFrames' else t
                     for t in NW_UCLA_TRAIN if not t['type'].startswith('Random')]
    test = PoseDataset(ann, test_pipeline, split='train', num_node='nw-ucla', test_mode=True)
    batch = default_collate([train[i] for i in range(len(train))])
    assert batch['inputs'].shape == (len(files), 1, 1, 20, 20, 6)
    assert batch['inputs'].dtype == torch.float32 and torch.isfinite(batch['inputs']).all()
    assert [s.frame_dir for s in batch['data_samples']] == names
    first = test[0]['inputs']
    assert torch.equal(first, test[0]['inputs'])  # test-time sampling is reproducible
    joints = first[0, 0, ..., :3].numpy()
    bones = first[0, 0, ..., 3:].numpy()
    assert first.abs().max() < 10  # metres around the body, not raw camera coordinates
    # Kinect v1 (1-based): hip centre 1 -> spine 2 -> shoulder centre 3; right foot 20 -> ankle 19
    for child, parent in ((0, 1), (1, 2), (19, 18)):
        np.testing.assert_allclose(bones[:, child], joints[:, child] - joints[:, parent],
                                   atol=1e-5)


def test_a_crafted_ann_file_runs_only_with_the_trust_pickle_key(tmp_path):
    from payloads import write_payload_pickle

    from stgcn_kit.utils import UnsafeFileError
    marker = tmp_path / 'ran'
    crafted = write_payload_pickle(tmp_path / 'crafted.pkl', marker,
                                   lambda p: dict(split={}, annotations=[p]))
    with pytest.raises(UnsafeFileError, match=r'crafted.pkl: refused to load the global '
                                              r'builtins.exec .*trust_pickle=True'):
        PoseDataset(str(crafted))
    assert not marker.exists()
    with pytest.raises(ValueError, match='not a dict'):  # what the payload left: None
        PoseDataset(str(crafted), trust_pickle=True)
    assert marker.exists()


@pytest.mark.parametrize('change, problem', [
    (dict(split={'train': []}), "ann.pkl: no samples selected (split 'train'"),
    (dict(split=1.5), 'ann.pkl: "split" must map split names'),
    (dict(split={'train': [['a']]}), "split 'train' must be a list of frame_dir strings"),
    (dict(label='3'), "sample 'a': label '3' is not an integer class index in 0-999999"),
    (dict(label=None), "sample 'a': label None is not an integer class index"),
    (dict(frame_dir=['a']), 'frame_dir must be a string'),
    (dict(total_frames='8'), "total_frames='8' but keypoint has 8 frames"),
    (dict(keypoint=[[1.0], [1.0, 2.0]]), "sample 'a': keypoint is not an array"),
])
def test_malformed_annotations_name_the_file(tmp_path, change, problem):
    record = _record('a', 0, joints=20)
    split = change.pop('split', {'train': ['a']})
    record.update(change)
    with pytest.raises(ValueError, match=problem.replace('(', r'\(').replace('[', r'\[')) as info:
        PoseDataset(_write(tmp_path, [record], split=split), split='train')
    assert 'ann.pkl' in str(info.value)


def _class_prob_dataset(tmp_path, class_prob, test_mode=False):
    # 4 classes of 10 samples each, shuffled in the file
    labels = np.random.default_rng(0).permutation(np.repeat(np.arange(4), 10))
    ann = _write(tmp_path, [_record(f's{i}', int(lb)) for i, lb in enumerate(labels)],
                 split={})
    return DATASETS.build(dict(type='PoseDataset', ann_file=ann, class_prob=class_prob,
                               test_mode=test_mode)), labels


def test_class_prob_draws_classes_by_their_multipliers(tmp_path):
    """Over many epochs each sample of a class with multiplier m appears m times per epoch on
    average: floor(m) times always, its fraction drawn afresh each epoch."""
    dataset, labels = _class_prob_dataset(tmp_path, [1, 2, 0.5, 1.3])
    # 10 + 20 + 5 + 13 samples an epoch, every epoch
    assert len(dataset) == 48
    epochs = 300
    counts = np.zeros((epochs, 40))
    for epoch in range(epochs):
        dataset.set_epoch_seed(epoch)
        names = [dataset[i]['frame_dir'] for i in range(len(dataset))]
        counts[epoch] = np.bincount([int(n[1:]) for n in names], minlength=40)
    per_class = np.array([counts[:, labels == c].sum(1) for c in range(4)]).T
    assert (per_class == [10, 20, 5, 13]).all()          # exact class totals every epoch
    rate = counts.mean(0)
    expected = np.array([1, 2, 0.5, 1.3])[labels]
    # binomial spread of a fraction drawn 300 times: sd <= 0.5 / sqrt(300) ~ 0.029
    np.testing.assert_allclose(rate, expected, atol=0.12)
    assert (counts[:, labels == 0] == 1).all() and (counts[:, labels == 1] == 2).all()
    # the fractional draws change between epochs and cover every sample of the class
    assert (counts[:, labels == 2] > 0).any(0).all() and len({tuple(c) for c in counts}) > 100


def test_class_prob_dict_defaults_to_one_and_test_mode_ignores_it(tmp_path):
    dataset, _ = _class_prob_dataset(tmp_path, {3: 3})
    assert len(dataset) == 30 + 30
    dataset, _ = _class_prob_dataset(tmp_path, {3: 3}, test_mode=True)
    assert len(dataset) == 40


def test_class_prob_rejects_negative_multipliers(tmp_path):
    with pytest.raises(DataError, match='class_prob'):
        _class_prob_dataset(tmp_path, [1, -1])


def _compressed(name, frame_inds=(0, 0, 2), total=4):
    n = len(frame_inds)
    return dict(frame_dir=name, label=0, total_frames=total, frame_inds=np.array(frame_inds),
                keypoint=np.ones((n, 17, 3), np.float16), box_score=np.linspace(0.3, 0.9, n),
                valid={0.5: 2})


def test_compressed_records_load_and_positive_valid_ratio_sets_anno_inds(tmp_path):
    ann = _write(tmp_path, [_compressed('a')], split={})
    plain = PoseDataset(ann, box_thr=0.5, valid_ratio=0.0).get_data_info(0)
    assert 'anno_inds' not in plain                       # PYSKL: only for valid_ratio > 0
    info = PoseDataset(ann, box_thr=0.5, valid_ratio=0.25).get_data_info(0)
    np.testing.assert_array_equal(info['anno_inds'], [False, True, True])


@pytest.mark.parametrize('frame_inds, total, message', [
    ((0, 2, 1), 4, 'non-decreasing'), ((0, 1, 4), 4, r'total_frames=4'),
])
def test_malformed_compressed_record_is_named(tmp_path, frame_inds, total, message):
    ann = _write(tmp_path, [_compressed('a', frame_inds, total)], split={})
    with pytest.raises(DataError, match=rf"'a'.*{message}"):
        PoseDataset(ann)


def test_a_frame_dir_twice_in_the_annotations_or_a_split_is_refused_with_the_names(tmp_path):
    records = [_record('a', 0), _record('b', 1), _record('a', 2), _record('c', 0)]
    with pytest.raises(DataError, match=r"ann\.pkl: 1 frame_dir\(s\) occur more than once in "
                       r"the annotations: 'a'$"):
        PoseDataset(_write(tmp_path, records))
    ann = _write(tmp_path, records[1:], split={'train': ['a', 'b', 'a', 'c', 'c']})
    with pytest.raises(DataError, match=r"ann\.pkl: 2 frame_dir\(s\) occur more than once in "
                       r"split 'train': 'a', 'c'$"):
        PoseDataset(ann, split='train')


def test_the_names_a_message_quotes_are_bounded(tmp_path):
    names = [f'{"x" * 5000}\n{i}' for i in range(30)]
    ann = _write(tmp_path, [_record('a', 0)], split={'train': names})
    with pytest.raises(DataError) as info:
        PoseDataset(ann, split='train')
    message = str(info.value)
    assert '\n' not in message and len(message) < 1500 and message.endswith('(30 in all)')

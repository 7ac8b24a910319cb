"""Reading PYSKL's and mmaction2's result files in the order of the annotations their test read."""
import numpy as np
import pytest
import torch

from stgcn_kit.evaluation.result_files import read_scores, sample_order
from stgcn_kit.utils import dump_pickle

# a PYSKL-style annotation file whose split lists its samples in another order than the records
RECORDS = [dict(frame_dir=f'S001C001P00{i}R001A00{i}', label=i % 3) for i in range(1, 7)]
SPLIT = {'xsub_val': [RECORDS[4]['frame_dir'], RECORDS[1]['frame_dir'], RECORDS[2]['frame_dir']],
         'xsub_train': [RECORDS[i]['frame_dir'] for i in (0, 3, 5)]}


@pytest.fixture
def ann_file(tmp_path):
    path = tmp_path / 'ntu60_3danno.pkl'
    dump_pickle(dict(split=SPLIT, annotations=RECORDS), str(path))
    return str(path)


def test_a_split_keeps_the_annotation_order_as_pyskl_and_mmaction2_read_it(ann_file):
    # PYSKL's PoseDataset filters the records by the split's set: records 1, 2, 4 in that order
    assert sample_order(ann_file, 'xsub_val') == [(RECORDS[i]['frame_dir'], RECORDS[i]['label'])
                                                   for i in (1, 2, 4)]


def test_pyskl_out_a_list_of_arrays(tmp_path, ann_file):
    scores = [np.array([0.1, 0.7, 0.2]), np.array([0.5, 0.2, 0.3]), np.array([0.3, 0.3, 0.4])]
    dump_pickle(scores, str(tmp_path / 'pyskl.pkl'))
    stream = read_scores(str(tmp_path / 'pyskl.pkl'), ann_file, 'xsub_val')
    assert list(stream) == [RECORDS[i]['frame_dir'] for i in (1, 2, 4)]
    record = stream[RECORDS[2]['frame_dir']]
    assert record['gt_label'] == RECORDS[2]['label']
    np.testing.assert_allclose(record['pred_score'], scores[1])


def test_mmaction2_dump_dicts_of_tensors_checked_against_the_labels(tmp_path, ann_file):
    labels = [RECORDS[i]['label'] for i in (1, 2, 4)]
    dump = [dict(pred_score=torch.rand(3), gt_label=torch.tensor([label])) for label in labels]
    dump_pickle(dump, str(tmp_path / 'mma.pkl'))
    stream = read_scores(str(tmp_path / 'mma.pkl'), ann_file, 'xsub_val')
    np.testing.assert_allclose(stream[RECORDS[4]['frame_dir']]['pred_score'],
                               dump[2]['pred_score'].numpy())
    # scores out of the annotation order: the labels disagree and the error says so
    dump_pickle(dump[1:] + dump[:1], str(tmp_path / 'mma.pkl'))
    with pytest.raises(ValueError, match='annotation file'):
        read_scores(str(tmp_path / 'mma.pkl'), ann_file, 'xsub_val')


def test_errors_name_the_file(tmp_path, ann_file):
    dump_pickle([np.zeros(3)] * 2, str(tmp_path / 'short.pkl'))
    with pytest.raises(ValueError, match=r'short.pkl: 2 samples, but .* lists 3'):
        read_scores(str(tmp_path / 'short.pkl'), ann_file, 'xsub_val')
    with pytest.raises(ValueError, match='give the annotation file'):
        read_scores(str(tmp_path / 'short.pkl'))
    with pytest.raises(ValueError, match="no split 'xview_val'"):
        read_scores(str(tmp_path / 'short.pkl'), ann_file, 'xview_val')


def test_an_rgb_sample_list_and_an_id_pattern(tmp_path):
    (tmp_path / 'val_list.txt').write_text('abseiling/--07WQ2iBlw_000001_000011.mp4 0\n'
                                           'zumba/-0Ab1cD2eF3_000020_000030.mp4 399\n')
    dump_pickle([np.arange(4.0), np.ones(4)], str(tmp_path / 'tsn.pkl'))
    stream = read_scores(str(tmp_path / 'tsn.pkl'), str(tmp_path / 'val_list.txt'),
                         id_pattern='^(.{11})')
    assert {k: v['gt_label'] for k, v in stream.items()} == {'--07WQ2iBlw': 0, '-0Ab1cD2eF3': 399}


def test_an_annotation_file_naming_a_sample_twice_gives_no_order(tmp_path):
    records = [dict(frame_dir=n, label=0) for n in ('a', 'b', 'a')]
    dump_pickle(dict(split={'val': ['b', 'b']}, annotations=records[:2]), tmp_path / 's.pkl')
    dump_pickle(records, tmp_path / 'r.pkl')
    with pytest.raises(ValueError, match=r"r\.pkl: 1 frame_dir\(s\) occur more than once in "
                       r"the annotations"):
        sample_order(str(tmp_path / 'r.pkl'))
    with pytest.raises(ValueError, match=r"s\.pkl: 1 frame_dir\(s\) occur more than once in "
                       r"split 'val'"):
        sample_order(str(tmp_path / 's.pkl'), 'val')


def test_checked_scores_names_the_file_and_the_first_bad_sample():
    from stgcn_kit.errors import DataError
    from stgcn_kit.evaluation.result_files import checked_scores
    stream = {f'v{i}': dict(frame_dir=f'v{i}', gt_label=i, pred_score=np.eye(3)[i])
              for i in range(3)}
    scores, labels = checked_scores(stream, 'r.pkl')
    assert np.array_equal(scores, np.eye(3)) and labels.tolist() == [0, 1, 2]
    stream['v1'] = dict(stream['v1'], gt_label=3)
    stream['v2'] = dict(stream['v2'], gt_label=5)
    with pytest.raises(DataError, match=r"^r\.pkl: sample 'v1' has label 3, not one of the 3 "
                       r'classes its scores are for \(0-2\); 2 sample\(s\) in all$'):
        checked_scores(stream, 'r.pkl')
    stream['v0'] = dict(stream['v0'], pred_score=np.array([np.inf, 0, 0]))
    with pytest.raises(DataError, match=r'^r\.pkl: sample v0 has NaN/inf scores'):
        checked_scores(stream, 'r.pkl')

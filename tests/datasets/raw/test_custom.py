"""Custom folder conversion on arrays written here."""
import json

import numpy as np
import pytest

from stgcn_kit.datasets.raw.custom import convert_custom, custom_layout, read_edges


def _folder(tmp_path):
    rng = np.random.default_rng(0)
    one = rng.normal(size=(6, 17, 2)).astype(np.float32)
    two = rng.normal(size=(2, 4, 17, 2)).astype(np.float32)
    score = rng.uniform(size=(4, 17))
    np.save(tmp_path / 'walk1.npy', one)
    (tmp_path / 'jump1.json').write_text(json.dumps(dict(keypoint=two.tolist(),
                                                         keypoint_score=[score.tolist()] * 2)))
    (tmp_path / 'labels.csv').write_text('name,label,split\nwalk1,0,train\njump1,1,val\n')
    return one, two, score


def test_npy_and_json_samples(tmp_path):
    one, two, score = _folder(tmp_path)
    anno = convert_custom(str(tmp_path), str(tmp_path / 'labels.csv'), layout='coco',
                          img_shape=(480, 640))
    assert anno['split'] == {'train': ['walk1'], 'val': ['jump1']}
    walk, jump = anno['annotations']
    np.testing.assert_array_equal(walk['keypoint'], one[None])
    assert (walk['label'], walk['total_frames'], walk['img_shape']) == (0, 6, (480, 640))
    np.testing.assert_allclose(jump['keypoint'], two, rtol=1e-6)
    np.testing.assert_allclose(jump['keypoint_score'], np.stack([score] * 2), rtol=1e-6)


def test_edge_file_layout(tmp_path):
    _folder(tmp_path)
    edges = tmp_path / 'edges.txt'
    edges.write_text('# child parent\n' + '\n'.join(f'{i}, {i - 1}' for i in range(1, 17)))
    layout = read_edges(str(edges))
    assert layout.num_node == 17 and layout.inward[0] == (1, 0)
    anno = convert_custom(str(tmp_path), str(tmp_path / 'labels.csv'), edges=str(edges))
    assert len(anno['annotations']) == 2
    np.save(tmp_path / 'walk1.npy', np.ones((3, 20, 2)))
    with pytest.raises(ValueError, match='walk1.npy: sample .walk1.: 20 joints, the layout has 17'):
        convert_custom(str(tmp_path), str(tmp_path / 'labels.csv'), edges=str(edges))


@pytest.mark.parametrize('write, problem', [
    (lambda p: (p / 'walk1.json').write_text('{"keypoint": [[[1, 2]'), 'unreadable JSON'),
    (lambda p: np.save(p / 'walk1.npy', np.ones((5, 16, 2))), '16 joints, the layout has 17'),
    (lambda p: (p / 'walk1.json').write_text('{"keypoint": [[["a", 2]]]}'), 'non-numeric'),
    (lambda p: np.save(p / 'walk1.npy', np.ones((0, 17, 2))), 'empty sequence'),
    (lambda p: None, 'no file for sample'),
])
def test_malformed_sample_names_file_and_writes_nothing(tmp_path, write, problem):
    write(tmp_path)
    (tmp_path / 'labels.csv').write_text('walk1,0\n')
    out = tmp_path / 'out.pkl'
    with pytest.raises(ValueError, match=problem) as err:
        convert_custom(str(tmp_path), str(tmp_path / 'labels.csv'), str(out), layout='coco')
    assert str(tmp_path / 'walk1') in str(err.value)
    assert not out.exists()


def test_bad_label_row(tmp_path):
    _folder(tmp_path)
    (tmp_path / 'labels.csv').write_text('walk1,zero\n')
    with pytest.raises(ValueError, match=r"labels.csv: row 1 \('walk1'\): label 'zero' is not "
                       r"an integer class index in 0-999999"):
        convert_custom(str(tmp_path), str(tmp_path / 'labels.csv'), layout='coco')


def test_a_builtin_layout_is_an_explicit_assumption(tmp_path, capsys):
    """Another 17-joint skeleton converts with --layout coco, but the user is told what that
    assumes: coco's joint order, edges and anatomy."""
    _folder(tmp_path)
    convert_custom(str(tmp_path), str(tmp_path / 'labels.csv'), layout='coco')
    note = capsys.readouterr().out
    assert "takes your joint v to be coco's joint v" in note and '5 left_shoulder' in note
    assert 'shoulders (5, 6)' in note and 'layout file' in note


def test_layout_file_with_anatomy(tmp_path, capsys):
    _folder(tmp_path)
    spec = dict(num_node=17, inward=[[i, i - 1] for i in range(1, 17)], center=0,
                spine=[0, 1], shoulders=[2, 3], flip_pairs=[[2, 3]], dims=2)
    path = tmp_path / 'mine.json'
    path.write_text(json.dumps(spec))
    anno = convert_custom(str(tmp_path), str(tmp_path / 'labels.csv'), layout=str(path))
    assert len(anno['annotations']) == 2 and 'note' not in capsys.readouterr().out
    layout = custom_layout(layout=str(path))
    assert (layout.spine, layout.lateral, layout.dims) == ((0, 1), (3, 2), 2)


def test_edge_file_says_normalisation_will_only_centre(tmp_path, capsys):
    _folder(tmp_path)
    edges = tmp_path / 'edges.txt'
    edges.write_text('\n'.join(f'{i} {i - 1}' for i in range(1, 17)))
    convert_custom(str(tmp_path), str(tmp_path / 'labels.csv'), edges=str(edges), center=3)
    assert 'only centre the sequences on joint 3' in capsys.readouterr().out
    with pytest.raises(ValueError, match='exactly one'):
        custom_layout()


def test_labels_checked_against_num_classes(tmp_path):
    _folder(tmp_path)
    assert len(convert_custom(str(tmp_path), str(tmp_path / 'labels.csv'), layout='coco',
                              num_classes=2)['annotations']) == 2
    with pytest.raises(ValueError, match="labels.csv: sample 'jump1' has label 1, beyond the 1 "
                                         r'classes \(0-0\)'):
        convert_custom(str(tmp_path), str(tmp_path / 'labels.csv'), layout='coco',
                       num_classes=1)


@pytest.mark.parametrize('cut', [0, 10, 60, 100])
def test_a_truncated_npy_is_named(tmp_path, cut):
    from stgcn_kit.datasets.raw.common import load_npy
    np.save(tmp_path / 'x.npy', np.ones((4, 20, 3), np.float32))
    whole = (tmp_path / 'x.npy').read_bytes()
    (tmp_path / 'x.npy').write_bytes(whole[:cut])
    with pytest.raises(ValueError, match=r'x.npy: not a readable .npy array'):
        load_npy(str(tmp_path / 'x.npy'))

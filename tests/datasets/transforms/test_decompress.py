"""DecompressPose on a hand-made compressed record (expected arrays written out by hand) and
against PYSKL's own output on a generated one (tests/data/posec3d/pyskl_decompress.npz, see
its README)."""
from pathlib import Path

import numpy as np
import pytest

from stgcn_kit.datasets.transforms import DecompressPose
from stgcn_kit.registry import TRANSFORMS

REF = Path(__file__).resolve().parents[2] / 'data' / 'posec3d' / 'pyskl_decompress.npz'


def _box(x, s):
    """One box of 2 joints: joint j at (x + j, 10 * x + j) with score s[j]."""
    return [[x, 10 * x, s[0]], [x + 1, 10 * x + 1, s[1]]]


def _record(**extra):
    # frame 1: boxes a, b; frame 3: c; frame 4: d, e, f (frames 0 and 2 have none)
    boxes = [_box(1, (.5, .5)), _box(2, (.9, .9)), _box(3, (.2, .2)), _box(4, (.1, .1)),
             _box(5, (.8, .8)), _box(6, (.3, .4))]
    return dict(frame_dir='hand', keypoint=np.array(boxes, np.float16),
                frame_inds=np.array([1, 1, 3, 4, 4, 4]), total_frames=6, **extra)


def test_registered_under_pyskl_name():
    assert isinstance(TRANSFORMS.build(dict(type='DecompressPose', squeeze=True)), DecompressPose)


def test_hand_made_record_squeezed():
    res = DecompressPose()(_record())
    assert 'frame_inds' not in res and 'num_person' not in res
    assert res['total_frames'] == 3                     # frames 1, 3, 4
    assert res['keypoint'].dtype == np.float16 and res['keypoint'].shape == (3, 3, 2, 2)
    x = np.zeros((3, 3))                                # x of joint 0, person by frame
    x[0] = [1, 3, 4]
    x[1] = [2, 0, 5]
    x[2] = [0, 0, 6]
    np.testing.assert_array_equal(res['keypoint'][..., 0, 0], x)
    np.testing.assert_array_equal(res['keypoint'][..., 1, 1], np.where(x > 0, 10 * x + 1, 0))
    s = np.array([[.5, .2, .1], [.9, 0, .8], [0, 0, .3]], np.float16)
    np.testing.assert_array_equal(res['keypoint_score'][..., 0], s)


def test_hand_made_record_unsqueezed_keeps_empty_frames():
    res = DecompressPose(squeeze=False)(_record())
    assert res['total_frames'] == 6 and res['keypoint'].shape == (3, 6, 2, 2)
    np.testing.assert_array_equal(res['keypoint'][0, :, 0, 0], [0, 1, 0, 3, 4, 0])
    np.testing.assert_array_equal(res['keypoint'][2, :, 0, 0], [0, 0, 0, 0, 6, 0])


def test_max_person_keeps_highest_score_sums_in_order():
    res = DecompressPose(max_person=2)(_record())
    assert res['num_person'] == 2 and res['keypoint'].shape == (2, 3, 2, 2)
    # frame 4: sums d .2, e 1.6, f .7 -> e, f; frame 1: b 1.8 before a 1.0
    np.testing.assert_array_equal(res['keypoint'][..., 0, 0], [[2, 3, 5], [1, 0, 6]])


def test_max_person_ties_keep_stored_order():
    # 20 boxes in one frame, every third scoring higher: the 7 high ones, then the first 3 others
    boxes = np.zeros((20, 2, 3), np.float16)
    boxes[:, 0, 0] = np.arange(20)
    boxes[::3, :, 2] = 1
    res = DecompressPose(max_person=10)(dict(keypoint=boxes, frame_inds=np.zeros(20, int),
                                             total_frames=1))
    np.testing.assert_array_equal(res['keypoint'][:, 0, 0, 0],
                                  [0, 3, 6, 9, 12, 15, 18, 1, 2, 4])


def test_anno_inds_select_boxes_before_squeezing():
    mask = np.array([True, False, False, True, True, True])   # frame 3 loses its only box
    res = DecompressPose()(_record(anno_inds=mask))
    assert res['total_frames'] == 2
    np.testing.assert_array_equal(res['keypoint'][..., 0, 0], [[1, 4], [0, 5], [0, 6]])


@pytest.mark.parametrize('bad, match', [
    (dict(frame_inds=np.array([1, 3, 1, 4, 4, 4])), 'non-decreasing'),
    (dict(frame_inds=np.array([1, 1, 3])), r'\(N, V, 3\)'),
    (dict(anno_inds=np.zeros(6, bool)), 'no boxes'),
])
def test_bad_records_name_the_sample(bad, match):
    with pytest.raises(ValueError, match=match) as err:
        DecompressPose()(dict(_record(), **bad))
    assert "'hand'" in str(err.value)


def test_frame_beyond_total_frames_unsqueezed():
    with pytest.raises(ValueError, match='total_frames'):
        DecompressPose(squeeze=False)(dict(_record(), total_frames=4))


@pytest.mark.parametrize('name, kwargs, anno', [
    ('squeeze', dict(squeeze=True), False),
    ('nosqueeze', dict(squeeze=False), False),
    ('squeeze_max3', dict(squeeze=True, max_person=3), False),
    ('nosqueeze_max3', dict(squeeze=False, max_person=3), False),
    ('squeeze_anno', dict(squeeze=True), True),
    ('squeeze_anno_max2', dict(squeeze=True, max_person=2), True),
])
def test_equals_pyskl(name, kwargs, anno):
    ref = np.load(REF)
    res = dict(frame_dir='gen', frame_inds=ref['frame_inds'], keypoint=ref['keypoint'],
               total_frames=int(ref['total_frames']))
    if anno:
        res['anno_inds'] = ref['anno_inds']
    res = DecompressPose(**kwargs)(res)
    for key in ('keypoint', 'keypoint_score'):
        assert res[key].dtype == ref[f'{name}_{key}'].dtype
        np.testing.assert_array_equal(res[key], ref[f'{name}_{key}'])
    assert res['total_frames'] == int(ref[f'{name}_total_frames'])
    assert res.get('num_person', -1) == int(ref[f'{name}_num_person'])

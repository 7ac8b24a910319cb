"""Layout data on a hand-made skeleton: validation, round trip, flips, lateral joints, score."""
import pytest

from stgcn_kit.skeleton import Layout

# 0 pelvis (root) - 1 chest - 2 head; 3 left / 4 right shoulder on the chest; 5 left / 6 right
# hip on the pelvis
TOY = dict(num_node=7, inward=[[1, 0], [2, 1], [3, 1], [4, 1], [5, 0], [6, 0]], center=0,
           spine=[0, 1], shoulders=[3, 4], hips=[5, 6], flip_pairs=[[3, 4], [5, 6]], dims=3)


def test_from_dict_and_back():
    layout = Layout.from_dict(TOY)
    assert layout.inward[0] == (1, 0) and layout.shoulders == (3, 4)
    assert layout.to_dict() == TOY
    assert Layout.from_dict(layout.to_dict()) == layout
    assert Layout.from_dict(dict(num_node=2, inward=[(1, 0)], center=0)).to_dict() == dict(
        num_node=2, inward=[[1, 0]], center=0)


def test_flip_index_swaps_the_pairs_only():
    assert Layout.from_dict(TOY).flip_index == (0, 1, 2, 4, 3, 6, 5)


def test_lateral_is_right_to_left_shoulder_else_hip():
    assert Layout.from_dict(TOY).lateral == (4, 3)
    assert Layout.from_dict(dict(TOY, shoulders=None)).lateral == (6, 5)
    assert Layout.from_dict(dict(TOY, shoulders=None, hips=None)).lateral is None


def test_origin_is_the_body_centre_else_the_centre():
    assert Layout.from_dict(TOY).origin == 0
    assert Layout.from_dict(dict(TOY, body_center=1)).origin == 1


def test_score_channel_follows_dims_and_data():
    assert Layout.from_dict(dict(TOY, dims=2)).has_score_channel(3)
    assert not Layout.from_dict(dict(TOY, dims=2)).has_score_channel(2)
    assert not Layout.from_dict(TOY).has_score_channel(3, score_merged=True)
    unknown = Layout.from_dict(dict(TOY, dims=None))
    assert unknown.has_score_channel(3, score_merged=True)
    assert not unknown.has_score_channel(3)


def test_bone_pairs_of_the_tree():
    assert Layout.from_dict(TOY).bone_pairs == ((0, 0), (1, 0), (2, 1), (3, 1), (4, 1), (5, 0),
                                                (6, 0))


@pytest.mark.parametrize('change, message', [
    (dict(centre=0), r"unknown: \['centre'\]"),
    (dict(inward=[(1, 7)]), r'inward names joints \[7\] outside \[0, 7\)'),
    (dict(spine=[1, 1]), 'spine must be two different joints'),
    (dict(shoulders=[3]), 'shoulders must be two different joints'),
    (dict(flip_pairs=[[3, 4], [4, 5]]), 'each joint once'),
    (dict(flip_pairs=[[3, 4, 5]]), 'pairs'),
    (dict(names=['a', 'b']), '2 names for 7 joints'),
    (dict(dims=4), 'dims must be 2 or 3'),
    (dict(body_center=9), r'body_center names joints \[9\]'),
])
def test_bad_custom_layouts_say_what_is_wrong(change, message):
    with pytest.raises(ValueError, match=message):
        Layout.from_dict(dict(TOY, **change))


def test_missing_keys():
    with pytest.raises(ValueError, match=r"missing: \['center'\]"):
        Layout.from_dict(dict(num_node=2, inward=[(1, 0)]))
    with pytest.raises(ValueError, match='is a dict'):
        Layout.from_dict([1, 2])


def test_joints_must_be_integers():
    with pytest.raises(ValueError, match='joints must be integers'):
        Layout.from_dict(dict(TOY, center='0'))

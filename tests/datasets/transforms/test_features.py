import numpy as np
import pytest

from stgcn_kit.datasets.transforms import GenSkeFeat, JointToBone, MergeSkeFeat, ToMotion
from stgcn_kit.skeleton import LAYOUTS


def _bones_by_loop(joints, pairs, score=False):
    bone = np.zeros_like(joints)
    for child, parent in pairs:
        bone[..., child, :] = joints[..., child, :] - joints[..., parent, :]
        if score:
            bone[..., child, 2] = (joints[..., child, 2] + joints[..., parent, 2]) / 2
    return bone


def _motion_by_loop(data, score=False):
    motion = np.zeros_like(data)
    for t in range(data.shape[1] - 1):
        motion[:, t] = data[:, t + 1] - data[:, t]
        if score:
            motion[:, t, :, 2] = (data[:, t + 1, :, 2] + data[:, t, :, 2]) / 2
    return motion


@pytest.mark.parametrize('layout', ['nturgb+d', 'nw-ucla', 'ntu-rgb+d'])
def test_bone_is_joint_minus_parent(layout):
    v = LAYOUTS[layout].num_node
    joints = np.random.default_rng(0).normal(size=(2, 4, v, 3)).astype(np.float32)
    out = JointToBone(dataset=layout, target='b')(dict(keypoint=joints))
    np.testing.assert_allclose(out['b'], _bones_by_loop(joints, LAYOUTS[layout].bone_pairs),
                               atol=1e-6)
    roots = [c for c, p in LAYOUTS[layout].bone_pairs if c == p]
    assert roots == [LAYOUTS[layout].center] and not out['b'][..., roots, :].any()


def test_2d_bone_and_motion_score_channel_is_mean():
    joints = np.random.default_rng(1).uniform(size=(1, 5, 17, 3)).astype(np.float32)
    out = GenSkeFeat(dataset='coco', feats=['b', 'bm'])(dict(keypoint=joints))
    bone = _bones_by_loop(joints, LAYOUTS['coco'].bone_pairs, score=True)
    np.testing.assert_allclose(out['keypoint'][..., :3], bone, atol=1e-6)
    np.testing.assert_allclose(out['keypoint'][..., 3:], _motion_by_loop(bone, score=True),
                               atol=1e-6)


def test_motion_is_next_minus_current_last_zero():
    data = np.random.default_rng(2).normal(size=(2, 6, 25, 3)).astype(np.float32)
    out = ToMotion(source='keypoint', target='jm')(dict(keypoint=data))
    np.testing.assert_allclose(out['jm'], _motion_by_loop(data), atol=1e-6)
    assert not out['jm'][:, -1].any()


def test_genskefeat_concatenates_streams_in_order_and_merges_score():
    rng = np.random.default_rng(3)
    xy = rng.uniform(size=(1, 4, 17, 2)).astype(np.float32)
    score = rng.uniform(size=(1, 4, 17)).astype(np.float32)
    out = GenSkeFeat(dataset='coco', feats=['jm', 'j'])(dict(keypoint=xy, keypoint_score=score))
    joints = np.concatenate([xy, score[..., None]], -1)
    assert 'keypoint_score' not in out and out['keypoint'].shape == (1, 4, 17, 6)
    np.testing.assert_allclose(out['keypoint'][..., :3], _motion_by_loop(joints, True), atol=1e-6)
    np.testing.assert_allclose(out['keypoint'][..., 3:], joints)


def test_merge_ske_feat():
    a, b = np.ones((1, 2, 3, 3)), np.zeros((1, 2, 3, 2))
    out = MergeSkeFeat(feat_list=['a', 'b'], target='x')(dict(a=a, b=b))
    assert out['x'].shape == (1, 2, 3, 5) and 'a' not in out
    np.testing.assert_array_equal(out['x'][..., :3], a)
    with pytest.raises(ValueError, match=r"\['c'\]"):
        MergeSkeFeat(feat_list=['c'])(dict(frame_dir='s'))


def test_bad_parameters_and_inputs():
    with pytest.raises(ValueError, match='unknown feats'):
        GenSkeFeat(feats=['j', 'k'])
    with pytest.raises(ValueError, match='unknown layout'):
        GenSkeFeat(dataset='ntu')
    with pytest.raises(ValueError, match="'s2'.*25"):
        GenSkeFeat()(dict(frame_dir='s2', keypoint=np.zeros((1, 3, 20, 3), np.float32)))
    with pytest.raises(ValueError, match="'s3'.*2D"):
        GenSkeFeat(dataset='coco')(dict(frame_dir='s3', keypoint=np.zeros((1, 3, 17, 3)),
                                        keypoint_score=np.zeros((1, 3, 17))))


# a 4-joint chain 0 <- 1 <- 2 <- 3 of a custom layout
CHAIN = dict(num_node=4, inward=[(1, 0), (2, 1), (3, 2)], center=0)


def test_custom_2d_layout_with_scores_gets_pyskls_score_rule():
    """The score channel follows the layout's data, not its name: a custom 2D layout (declared
    with dims=2, or with its scores merged here) averages scores like coco does."""
    rng = np.random.default_rng(4)
    xy = rng.uniform(size=(1, 5, 4, 2)).astype(np.float32)
    score = rng.uniform(size=(1, 5, 4)).astype(np.float32)
    joints = np.concatenate([xy, score[..., None]], -1)
    bone = _bones_by_loop(joints, ((0, 0), (1, 0), (2, 1), (3, 2)), score=True)
    for layout in (CHAIN, dict(CHAIN, dims=2)):
        out = GenSkeFeat(dataset=layout, feats=['b', 'jm'])(dict(keypoint=xy.copy(),
                                                                  keypoint_score=score))
        np.testing.assert_allclose(out['keypoint'][..., :3], bone, atol=1e-6)
        np.testing.assert_allclose(out['keypoint'][..., 3:], _motion_by_loop(joints, True),
                                   atol=1e-6)
    # already merged (x, y, score): only the declared dimension tells
    out = JointToBone(dataset=dict(CHAIN, dims=2))(dict(keypoint=joints.copy()))
    np.testing.assert_allclose(out['keypoint'], bone, atol=1e-6)
    out = ToMotion(dataset=dict(CHAIN, dims=2))(dict(keypoint=joints.copy()))
    np.testing.assert_allclose(out['motion'], _motion_by_loop(joints, True), atol=1e-6)


def test_3d_coordinates_are_never_a_score():
    xyz = np.random.default_rng(5).normal(size=(1, 5, 4, 3)).astype(np.float32)
    for layout in (CHAIN, dict(CHAIN, dims=3)):
        out = GenSkeFeat(dataset=layout, feats=['b'])(dict(keypoint=xyz.copy()))
        np.testing.assert_allclose(out['keypoint'],
                                   _bones_by_loop(xyz, ((0, 0), (1, 0), (2, 1), (3, 2))),
                                   atol=1e-6)

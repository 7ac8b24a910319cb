"""The built-in layouts' anatomy, checked against their graphs' edges (PYSKL's lists) and their
joint names rather than against the index tables it is written in."""
import pytest

from stgcn_kit.skeleton import LAYOUTS

MIRRORED = ['nturgb+d', 'ntu-rgb+d', 'nw-ucla', 'coco', 'openpose']


@pytest.mark.parametrize('name', sorted(LAYOUTS))
def test_every_joint_is_named_once(name):
    layout = LAYOUTS[name]
    assert len(layout.names) == layout.num_node == len(set(layout.names))
    assert layout.dims in (2, 3)


@pytest.mark.parametrize('name', MIRRORED)
def test_flip_pairs_are_the_left_and_right_joints(name):
    layout = LAYOUTS[name]
    names = layout.names
    sided = {v for v, n in enumerate(names) if n.startswith(('left_', 'right_'))}
    assert {v for pair in layout.flip_pairs for v in pair} == sided
    for left, right in layout.flip_pairs:
        assert names[left].startswith('left_') and names[right] == 'right_' + names[left][5:]


@pytest.mark.parametrize('name', MIRRORED)
def test_mirroring_maps_the_graph_onto_itself(name):
    """The edges come from PYSKL/CTR-GCN, the pairs from the names: a mirror image of the
    skeleton has the same edges only if both agree which joints are left and right."""
    layout = LAYOUTS[name]
    index = layout.flip_index
    for edges in (layout.inward, layout.bone_inward or layout.inward):
        undirected = {frozenset(e) for e in edges}
        assert {frozenset((index[i], index[j])) for i, j in edges} == undirected
    # no edge joins a left joint to a right one
    side = {v: n.split('_')[0] for v, n in enumerate(layout.names)}
    assert not [e for e in layout.inward if {side[e[0]], side[e[1]]} == {'left', 'right'}]


@pytest.mark.parametrize('name', sorted(LAYOUTS))
def test_anatomy_joints_carry_their_names(name):
    layout = LAYOUTS[name]
    names = layout.names
    for key, part in (('shoulders', 'shoulder'), ('hips', 'hip')):
        pair = getattr(layout, key)
        if pair is not None:
            assert (names[pair[0]], names[pair[1]]) == (f'left_{part}', f'right_{part}'), key
    if layout.lateral is not None:
        assert names[layout.lateral[0]].startswith('right_')
        assert names[layout.lateral[1]].startswith('left_')


def test_kinect_layouts_give_pyskls_normalisation_joints():
    """PYSKL's PreNormalize3D defaults: centre 1, zaxis (0, 1), xaxis (8, 4)."""
    for name in ('nturgb+d', 'ntu-rgb+d', 'nw-ucla'):
        layout = LAYOUTS[name]
        assert (layout.origin, layout.spine, layout.lateral) == (1, (0, 1), (8, 4)), name
        lower, upper = (layout.names[v] for v in layout.spine)
        assert lower in ('spine_base', 'hip_center') and upper in ('spine_mid', 'spine')


def test_2d_layouts_carry_a_score_channel():
    assert {name for name, layout in LAYOUTS.items() if layout.dims == 2} == {
        'coco', 'openpose', 'handmp'}
    assert LAYOUTS['coco'].has_score_channel(3) and not LAYOUTS['coco'].has_score_channel(2)
    assert not LAYOUTS['nturgb+d'].has_score_channel(3)

"""Adjacency stacks: a hand-made 4-joint layout for every mode, K per mode, PYSKL's matrices."""
import numpy as np
import pytest

from stgcn_kit.models.graph import MODES, Graph
from stgcn_kit.skeleton import LAYOUTS

# 0 is the centre; 0 - 1, 1 - 2, 1 - 3. Inward edges are (child, parent).
TINY = dict(num_node=4, inward=[(1, 0), (2, 1), (3, 1)], center=0)
# neighbourhoods including the joint itself: 0:{0,1} 1:{0,1,2,3} 2:{1,2} 3:{1,3}
H, Q = 1 / 2, 1 / 4  # 1 / size of the neighbourhood of the sending column


def _mat(entries):
    mat = np.zeros((4, 4))
    for (row, col), value in entries.items():
        mat[row, col] = value
    return mat


IDENTITY_PART = _mat({(0, 0): H, (1, 1): Q, (2, 2): H, (3, 3): H})
NEIGHBOUR_PART = _mat({(1, 0): H, (0, 1): Q, (2, 1): Q, (3, 1): Q, (1, 2): H, (1, 3): H})
EXPECTED = {
    'uniform': [IDENTITY_PART + NEIGHBOUR_PART],
    'distance': [IDENTITY_PART, NEIGHBOUR_PART],
    'distance_star': [IDENTITY_PART - NEIGHBOUR_PART],
    # root; [j, i] with j at least as far from the centre as i; [j, i] with j closer
    'stgcn_spatial': [IDENTITY_PART,
                      _mat({(1, 0): H, (2, 1): Q, (3, 1): Q}),
                      _mat({(0, 1): Q, (1, 2): H, (1, 3): H})],
    # identity, inward edges (M[parent, child]), outward edges, each column-normalised
    'spatial': [np.eye(4),
                _mat({(0, 1): 1, (1, 2): 1, (1, 3): 1}),
                _mat({(1, 0): 1, (2, 1): H, (3, 1): H})],
    'binary_adj': [_mat({(0, 1): 1, (1, 0): 1, (1, 2): 1, (2, 1): 1, (1, 3): 1, (3, 1): 1})],
}


def test_every_deterministic_mode_is_checked_by_hand():
    assert set(EXPECTED) == set(MODES) - {'random'}


@pytest.mark.parametrize('mode', sorted(EXPECTED))
def test_hand_built_layout(mode):
    A = Graph(TINY, mode).A
    assert A.dtype == np.float32
    np.testing.assert_allclose(A, np.stack(EXPECTED[mode]), atol=1e-7)


def test_paper_spatial_flag_gives_the_papers_partition():
    np.testing.assert_allclose(Graph(TINY, 'spatial', paper_spatial=True).A,
                               Graph(TINY, 'stgcn_spatial').A)


@pytest.mark.parametrize('layout', sorted(LAYOUTS))
@pytest.mark.parametrize('max_hop', [1, 2])
def test_number_of_partitions(layout, max_hop):
    expected = {'uniform': 1, 'distance': max_hop + 1, 'stgcn_spatial': 2 * max_hop + 1,
                'spatial': 3, 'binary_adj': 1}
    v = LAYOUTS[layout].num_node
    for mode, k in expected.items():
        assert Graph(layout, mode, max_hop=max_hop).A.shape == (k, v, v), mode


@pytest.mark.parametrize('layout', sorted(LAYOUTS))
def test_partitions_split_the_uniform_graph(layout):
    """The paper's partitions only divide the neighbourhood: they add up to 'uniform'."""
    uniform = Graph(layout, 'uniform', max_hop=2).A[0]
    for mode in ('distance', 'stgcn_spatial'):
        np.testing.assert_allclose(Graph(layout, mode, max_hop=2).A.sum(0), uniform, atol=1e-6)


def test_equal_to_pyskl(reference_dir):
    with np.load(reference_dir / 'graphs.npz') as ref:
        assert len(ref.files) == 12
        for key in ref.files:
            layout, mode = key.split('|')
            np.testing.assert_allclose(Graph(layout, mode).A, ref[key], atol=1e-6, err_msg=key)


def test_distance_star_is_the_distance_partition_with_tied_weights():
    """unit_gcn on ``A_0 - A_1`` equals unit_gcn on the distance partition whose second
    projection (weights and bias) is the negated first: the paper's w_0 = -w_1."""
    import torch

    from stgcn_kit.models.gcn.unit_gcn import unit_gcn
    torch.manual_seed(0)
    star = unit_gcn(3, 4, torch.tensor(Graph('openpose', 'distance_star').A),
                    adaptive=None).double().eval()
    pair = unit_gcn(3, 4, torch.tensor(Graph('openpose', 'distance').A),
                    adaptive=None).double().eval()
    with torch.no_grad():  # conv_pos 'pre': output channel k * C_out + c projects partition k
        star_w = star.conv.weight.view(4, 3)
        pair.conv.weight.view(2, 4, 3).copy_(torch.stack([star_w, -star_w]))
        pair.conv.bias.copy_(torch.cat([star.conv.bias, -star.conv.bias]))
    x = torch.randn(2, 3, 5, 18, dtype=torch.float64)
    torch.testing.assert_close(pair(x), star(x))
    with pytest.raises(ValueError, match='max_hop=1'):
        Graph('openpose', 'distance_star', max_hop=2)


def test_errors_list_the_valid_choices():
    with pytest.raises(ValueError) as err:
        Graph('kinect')
    assert all(name in str(err.value) for name in LAYOUTS)
    with pytest.raises(ValueError) as err:
        Graph('coco', 'adaptive')
    assert all(mode in str(err.value) for mode in MODES)
    with pytest.raises(ValueError, match='missing'):
        Graph(dict(num_node=4, inward=[(1, 0)]))


def test_a_graph_without_a_layout_is_an_error_naming_the_config_key():
    # no default layout: a COCO graph on NTU joints would train without complaint
    with pytest.raises(ValueError, match=r'graph_cfg\.layout is not set'):
        Graph(mode='spatial')
    from mmengine.registry import init_default_scope

    from stgcn_kit.registry import MODELS
    init_default_scope('stgcn_kit')
    for backbone in ('STGCN', 'AAGCN', 'AGCN'):
        with pytest.raises(ValueError, match=r'model\.backbone\.graph_cfg\.layout'):
            MODELS.build(dict(type=backbone, graph_cfg=dict(mode='spatial')))


def test_k_adjacency_joins_joints_exactly_k_hops_apart():
    from stgcn_kit.models.graph import k_adjacency
    adj = Graph(TINY, 'binary_adj').A[0]
    np.testing.assert_array_equal(k_adjacency(adj, 0), np.eye(4))
    np.testing.assert_array_equal(k_adjacency(adj, 1), adj)
    two_hops = _mat({(0, 2): 1, (2, 0): 1, (0, 3): 1, (3, 0): 1, (2, 3): 1, (3, 2): 1})
    np.testing.assert_array_equal(k_adjacency(adj, 2), two_hops)
    np.testing.assert_array_equal(k_adjacency(adj, 2, with_self=True), two_hops + np.eye(4))
    np.testing.assert_array_equal(k_adjacency(adj, 3), np.zeros((4, 4)))


def test_random_mode_draws_num_filter_matrices_from_numpys_generator():
    np.random.seed(3)
    A = Graph('nturgb+d', 'random', num_filter=8, init_std=0.02, init_off=0.04).A
    np.random.seed(3)
    expected = np.random.randn(8, 25, 25) * 0.02 + 0.04
    np.testing.assert_allclose(A, expected.astype(np.float32))
    assert abs(A.mean() - 0.04) < 0.002 and abs(A.std() - 0.02) < 0.002


def test_gravity_centre_ranks_joints_by_their_squared_hops_to_all_joints():
    # TINY's squared hops to all joints: 0: 0+1+4+4, 1: 1+0+1+1, 2 and 3: 4+1+0+4
    from stgcn_kit.models.graph import gravity_distance
    from stgcn_kit.skeleton import get_layout
    np.testing.assert_array_equal(gravity_distance(get_layout(TINY)), [9, 3, 9, 9])
    # joint 1, not the layout's centre joint 0, is then the centre: the edge 0 - 1 changes group
    np.testing.assert_allclose(
        Graph(TINY, 'stgcn_spatial', center='gravity').A,
        np.stack([IDENTITY_PART, _mat({(0, 1): Q, (2, 1): Q, (3, 1): Q}),
                  _mat({(1, 0): H, (1, 2): H, (1, 3): H})]), atol=1e-7)
    # the centre is not used by the partitions without one
    for mode in ('uniform', 'distance', 'distance_star'):
        np.testing.assert_array_equal(Graph(TINY, mode, center='gravity').A, Graph(TINY, mode).A)


def test_gravity_centre_of_openpose_is_the_neck_and_splits_every_edge():
    """The neck is the gravity centre of the 18 OpenPose joints; ranked on the whole graph no
    two joined joints tie, so each edge is centripetal one way and centrifugal the other (the
    centre joint at hop distance with max_hop 1 leaves most edges in the root group)."""
    A = Graph('openpose', 'stgcn_spatial', center='gravity').A
    edges = len(LAYOUTS['openpose'].inward)
    assert [(part > 0).sum() for part in A] == [18, edges, edges]
    assert [(part > 0).sum() for part in Graph('openpose', 'stgcn_spatial').A] != [18, 17, 17]
    from stgcn_kit.models.graph import gravity_distance
    assert np.argmin(gravity_distance(LAYOUTS['openpose'])) == 1
    with pytest.raises(ValueError, match='connected'):
        Graph(dict(num_node=3, inward=[(1, 0)], center=0), 'stgcn_spatial', center='gravity')


def test_paper_norm_is_lambda_inverse_sqrt_on_both_sides_of_each_partition():
    a = 0.001  # the paper's alpha
    # distance partition on TINY: the root (column sums 1) and the neighbours (column sums
    # 1, 3, 1, 1 for joints 0..3)
    root = np.eye(4) / (1 + a)
    side = 1 / np.sqrt((1 + a) * (3 + a))
    neighbours = _mat({(1, 0): side, (0, 1): side, (2, 1): side, (1, 2): side, (3, 1): side,
                       (1, 3): side})
    np.testing.assert_allclose(Graph(TINY, 'distance', norm='paper').A,
                               np.stack([root, neighbours]), rtol=1e-6)
    np.testing.assert_allclose(Graph(TINY, 'distance_star', norm='paper').A,
                               (root - neighbours)[None], rtol=1e-6)
    # spatial around joint 0: partition 1 gathers (1 -> 0), (2 -> 1), (3 -> 1); column sums
    # 1, 2, 0, 0; partition 2 gathers (0 -> 1), (1 -> 2), (1 -> 3); column sums 0, 1, 1, 1
    d1 = np.array([1, 2, 0, 0]) + a
    d2 = np.array([0, 1, 1, 1]) + a
    part1 = _mat({(1, 0): 1, (2, 1): 1, (3, 1): 1}) / np.sqrt(np.outer(d1, d1))
    part2 = _mat({(0, 1): 1, (1, 2): 1, (1, 3): 1}) / np.sqrt(np.outer(d2, d2))
    np.testing.assert_allclose(Graph(TINY, 'stgcn_spatial', norm='paper').A,
                               np.stack([root, part1, part2]), rtol=1e-6)


def test_center_and_norm_are_errors_where_they_mean_nothing():
    with pytest.raises(ValueError, match='center'):
        Graph(TINY, 'stgcn_spatial', center='mean')
    with pytest.raises(ValueError, match='norm'):
        Graph(TINY, 'stgcn_spatial', norm='symmetric')
    for mode in ('spatial', 'binary_adj', 'random'):
        with pytest.raises(ValueError, match="not to mode"):
            Graph(TINY, mode, norm='paper')

"""unit_localgcn against a loop over joints and their neighbours, one weight per pair."""
import numpy as np
import pytest
import torch

from stgcn_kit.models.gcn import unit_gcn, unit_localgcn
from stgcn_kit.models.graph import Graph

# 0 - 1, 1 - 2, 1 - 3 (tests/models/test_graph.py's TINY)
TINY = dict(num_node=4, inward=[(1, 0), (2, 1), (3, 1)], center=0)


def _loop(unit: unit_localgcn, x: np.ndarray, adj: np.ndarray) -> np.ndarray:
    """``y[n, :, t, w] = b + sum over v with adj[v, w] != 0 of adj[v, w] W_vw x[n, :, t, v]``,
    the pair's weight found by its (v, w) among the unit's pairs."""
    pairs = {(int(v), int(w)): p for p, (v, w) in enumerate(zip(unit.src, unit.dst))}
    weight = unit.weight.detach().double().numpy()
    n, _, t, num_node = x.shape
    y = np.zeros((n, unit.out_channels, t, num_node))
    for w in range(num_node):
        for v in range(num_node):
            if adj[v, w] == 0:
                assert (v, w) not in pairs
                continue
            for i in range(n):
                for f in range(t):
                    y[i, :, f, w] += adj[v, w] * weight[pairs[v, w]] @ x[i, :, f, v]
    return y + unit.bias.detach().double().numpy()[None, :, None, None]


@pytest.mark.parametrize('layout', [TINY, 'openpose'])
def test_aggregation_equals_the_pair_loop(layout):
    torch.manual_seed(0)
    A = Graph(layout, 'stgcn_spatial', center='gravity').A
    unit = unit_localgcn(3, 5, torch.tensor(A)).double()
    x = torch.randn(2, 3, 4, A.shape[-1], dtype=torch.float64)
    expected = _loop(unit, x.numpy(), A.sum(0))
    np.testing.assert_allclose(unit.aggregate(x).detach().numpy(), expected, atol=1e-10)
    # the whole unit in eval mode: fresh BN statistics divide by sqrt(1 + eps), then ReLU
    unit.eval()
    np.testing.assert_allclose(unit(x).detach().numpy(),
                               np.maximum(expected / np.sqrt(1 + unit.bn.eps), 0), atol=1e-10)


def test_weights_are_not_shared_across_neighbours():
    """Changing the weight of the pair (2 -> 1) changes joint 1's output only; in unit_gcn
    every pair of a partition shares its weight."""
    torch.manual_seed(0)
    A = torch.tensor(Graph(TINY, 'uniform').A)
    unit = unit_localgcn(3, 4, A)
    x = torch.randn(1, 3, 2, 4)
    before = unit.aggregate(x).detach()
    pair = [p for p, (v, w) in enumerate(zip(unit.src.tolist(), unit.dst.tolist()))
            if (v, w) == (2, 1)]
    assert len(pair) == 1 and len(unit.src) == 4 + 2 * 3  # self loops and both directions
    with torch.no_grad():
        unit.weight[pair[0]] += 1
    changed = (unit.aggregate(x).detach() - before).abs().sum((0, 1, 2)) > 0
    assert changed.tolist() == [False, True, False, False]
    shared = unit_gcn(3, 4, A, adaptive=None)
    assert shared.conv.weight.numel() * len(unit.src) == unit.weight.numel()


def test_edge_importance_is_an_error():
    with pytest.raises(ValueError, match='gcn_adaptive=None'):
        unit_localgcn(3, 4, torch.tensor(Graph(TINY, 'uniform').A), adaptive='importance')

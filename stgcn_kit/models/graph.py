"""Skeleton layouts and the adjacency stacks built from them.

A layout is data: a joint count, the ``inward`` edges ``(child, parent)`` pointing towards the
centre joint, and the centre. The model (adjacency), the transforms (bone pairs) and the data
converters (joint count) all read layouts from :data:`LAYOUTS` here.

A graph mode turns a layout into a stack ``A`` of shape ``(K, V, V)``; the graph convolution
computes ``einsum('nkctv,kvw->nctw', x, A)``, so ``A[k, v, w]`` weights what joint ``w`` gathers
from joint ``v``. Normalisation is ``A @ D^-1`` with ``D`` the column
sums, as in ST-GCN and PYSKL.
"""
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

Edge = Tuple[int, int]


@dataclass(frozen=True)
class Layout:
    """A skeleton layout.

    Args:
        num_node: number of joints ``V``.
        inward: edges ``(child, parent)``, 0-based, pointing towards ``center``.
        center: the root joint of the partitions and of the bone tree.
        bone_inward: ``(child, parent)`` pairs of the bone stream when they differ from
            ``inward``; PYSKL/mmaction2 compute bones on a tree that is not always the graph's,
            and their released bone-stream weights expect that tree.
    """
    num_node: int
    inward: Tuple[Edge, ...]
    center: int
    bone_inward: Optional[Tuple[Edge, ...]] = field(default=None)

    @property
    def outward(self) -> Tuple[Edge, ...]:
        return tuple((j, i) for i, j in self.inward)

    @property
    def bone_pairs(self) -> Tuple[Edge, ...]:
        """``(joint, parent)`` for every joint, the root paired with itself, sorted by joint."""
        tree = self.bone_inward if self.bone_inward is not None else self.inward
        pairs = dict(tree)
        root = [v for v in range(self.num_node) if v not in pairs]
        if len(root) != 1 or len(pairs) != self.num_node - 1:
            raise ValueError(f'the bone edges {tree} are not a tree over {self.num_node} joints')
        pairs[root[0]] = root[0]
        return tuple(sorted(pairs.items()))


def _one_based(edges: Sequence[Edge]) -> Tuple[Edge, ...]:
    return tuple((i - 1, j - 1) for i, j in edges)


_NTU_BODY = ((1, 2), (2, 21), (3, 21), (4, 3), (5, 21), (6, 5), (7, 6), (8, 7), (9, 21), (10, 9),
             (11, 10), (12, 11), (13, 1), (14, 13), (15, 14), (16, 15), (17, 1), (18, 17),
             (19, 18), (20, 19))
# The original ST-GCN chains the hand joints (tip -> thumb -> wrist); PYSKL/mmaction2 attach both
# to the wrist in the graph but keep the chain for bones.
_NTU_ORIGINAL = _one_based(_NTU_BODY + ((22, 23), (23, 8), (24, 25), (25, 12)))
_NTU_PYSKL = _one_based(_NTU_BODY + ((22, 8), (23, 8), (24, 12), (25, 12)))

LAYOUTS: Dict[str, Layout] = {
    'openpose': Layout(
        num_node=18,
        inward=((4, 3), (3, 2), (7, 6), (6, 5), (13, 12), (12, 11), (10, 9), (9, 8), (11, 5),
                (8, 2), (5, 1), (2, 1), (0, 1), (15, 0), (14, 0), (17, 15), (16, 14)),
        center=1,
        bone_inward=((1, 0), (2, 1), (3, 2), (4, 3), (5, 1), (6, 5), (7, 6), (8, 2), (9, 8),
                     (10, 9), (11, 5), (12, 11), (13, 12), (14, 0), (15, 0), (16, 14), (17, 15))),
    'coco': Layout(
        num_node=17,
        inward=((15, 13), (13, 11), (16, 14), (14, 12), (11, 5), (12, 6), (9, 7), (7, 5), (10, 8),
                (8, 6), (5, 0), (6, 0), (1, 0), (3, 1), (2, 0), (4, 2)),
        center=0,
        bone_inward=((1, 0), (2, 0), (3, 1), (4, 2), (5, 0), (6, 0), (7, 5), (8, 6), (9, 7),
                     (10, 8), (11, 0), (12, 0), (13, 11), (14, 12), (15, 13), (16, 14))),
    'nturgb+d': Layout(num_node=25, inward=_NTU_PYSKL, center=20, bone_inward=_NTU_ORIGINAL),
    'ntu-rgb+d': Layout(num_node=25, inward=_NTU_ORIGINAL, center=20),
    # Kinect v1: 1 hip centre, 2 spine, 3 shoulder centre, 4 head, 5-8 left arm, 9-12 right arm,
    # 13-16 left leg, 17-20 right leg (1-based); the tree of CTR-GCN's NW-UCLA graph.
    'nw-ucla': Layout(
        num_node=20,
        inward=_one_based(((1, 2), (2, 3), (4, 3), (5, 3), (6, 5), (7, 6), (8, 7), (9, 3),
                           (10, 9), (11, 10), (12, 11), (13, 1), (14, 13), (15, 14), (16, 15),
                           (17, 1), (18, 17), (19, 18), (20, 19))),
        center=2),
    'handmp': Layout(
        num_node=21,
        inward=((1, 0), (2, 1), (3, 2), (4, 3), (5, 0), (6, 5), (7, 6), (8, 7), (9, 0), (10, 9),
                (11, 10), (12, 11), (13, 0), (14, 13), (15, 14), (16, 15), (17, 0), (18, 17),
                (19, 18), (20, 19)),
        center=0),
}

MODES = ('uniform', 'distance', 'distance_star', 'spatial', 'stgcn_spatial', 'binary_adj')


def get_layout(layout: Union[str, dict, Layout]) -> Layout:
    """Look a layout up by name, or build a user-defined one from ``{num_node, inward, center}``."""
    if isinstance(layout, Layout):
        return layout
    if isinstance(layout, dict):
        missing = {'num_node', 'inward', 'center'} - set(layout)
        if missing:
            raise ValueError(f'a custom layout needs the keys num_node, inward, center; '
                             f'missing: {sorted(missing)}')
        num_node = int(layout['num_node'])
        inward = tuple((int(i), int(j)) for i, j in layout['inward'])
        center = int(layout['center'])
        bad = [e for e in inward if not all(0 <= v < num_node for v in e)]
        if bad or not 0 <= center < num_node:
            raise ValueError(f'custom layout: joints must lie in [0, {num_node}); '
                             f'bad edges {bad}, center {center}')
        bone = layout.get('bone_inward')
        return Layout(num_node, inward, center,
                      None if bone is None else tuple((int(i), int(j)) for i, j in bone))
    if layout not in LAYOUTS:
        raise ValueError(f'unknown layout {layout!r}; valid layouts: {sorted(LAYOUTS)} '
                         f'or a dict {{num_node, inward, center}}')
    return LAYOUTS[layout]


def edge_matrix(edges: Sequence[Edge], num_node: int) -> np.ndarray:
    """``(V, V)`` matrix with ``M[j, i] = 1`` for each edge ``(i, j)``."""
    mat = np.zeros((num_node, num_node))
    for i, j in edges:
        mat[j, i] = 1
    return mat


def normalize_digraph(adj: np.ndarray) -> np.ndarray:
    """``A @ D^-1`` with ``D`` the column sums; all-zero columns stay zero."""
    col = adj.sum(0)
    inv = np.divide(1.0, col, out=np.zeros_like(col, dtype=float), where=col > 0)
    return adj * inv[None, :]


def hop_distance(num_node: int, edges: Sequence[Edge], max_hop: int = 1) -> np.ndarray:
    """``(V, V)`` shortest path lengths over undirected ``edges``; ``inf`` beyond ``max_hop``."""
    reach = np.eye(num_node, dtype=bool)
    adj = reach.copy()
    for i, j in edges:
        adj[i, j] = adj[j, i] = True
    dist = np.full((num_node, num_node), np.inf)
    dist[reach] = 0
    for hop in range(1, max_hop + 1):
        reach = (reach.astype(int) @ adj.astype(int)) > 0
        dist[reach & np.isinf(dist)] = hop
    return dist


def _partitions(layout: Layout, mode: str, max_hop: int, dilation: int) -> np.ndarray:
    """The ST-GCN paper's partition strategies over hops ``0, dilation, ..., max_hop``."""
    v = layout.num_node
    dist = hop_distance(v, layout.inward, max_hop)
    hops = range(0, max_hop + 1, dilation)
    norm = normalize_digraph(np.isin(dist, list(hops)).astype(float))
    if mode == 'uniform':
        return norm[None]
    if mode == 'distance':
        return np.stack([np.where(dist == h, norm, 0.0) for h in hops])
    # spatial: by the distance to the centre of the row joint versus the column joint; distances
    # beyond max_hop are inf and compare equal, as in the original code
    to_center = dist[:, layout.center]
    j_not_closer = to_center[:, None] >= to_center[None, :]
    stack = []
    for h in hops:
        at_hop = dist == h
        closer_or_root = np.where(at_hop & j_not_closer, norm, 0.0)
        further = np.where(at_hop & ~j_not_closer, norm, 0.0)
        stack.append(closer_or_root)
        if h > 0:
            stack.append(further)
    return np.stack(stack)


class Graph:
    """The adjacency stack of a layout under a partition mode.

    Args:
        layout: a name from :data:`LAYOUTS` or a dict ``{num_node, inward, center}``.
        mode: ``uniform`` / ``distance`` / ``spatial`` with ``max_hop`` and ``dilation`` are the
            ST-GCN paper's partitions (``spatial`` there means root+centripetal / centrifugal);
            ``distance_star`` is its distance partition with tied weights ``w_0 = -w_1``,
            written as the single partition ``A_0 - A_1``;
            ``stgcn_spatial`` is PYSKL's name for the paper's spatial partition; ``spatial``
            (the default, as in PYSKL and 2s-AGCN) stacks ``I``, normalised inward and
            normalised outward edges; ``binary_adj`` is the 0/1 symmetric adjacency.
        paper_spatial: use the paper's spatial partition for ``mode='spatial'`` (the original
            ST-GCN code's meaning of the name) instead of the 2s-AGCN stack.

    Attributes:
        A: ``(K, V, V)`` float32 array.
    """

    def __init__(self, layout: Union[str, dict, Layout] = 'coco', mode: str = 'spatial',
                 max_hop: int = 1, dilation: int = 1, paper_spatial: bool = False) -> None:
        if mode not in MODES:
            raise ValueError(f'unknown graph mode {mode!r}; valid modes: {list(MODES)}')
        if max_hop < 1 or dilation < 1:
            raise ValueError(f'max_hop and dilation must be >= 1, got {max_hop}, {dilation}')
        self.layout = get_layout(layout)
        self.mode = mode
        self.max_hop = max_hop
        self.dilation = dilation
        self.num_node = self.layout.num_node
        self.center = self.layout.center
        self.inward: List[Edge] = list(self.layout.inward)
        self.A = self._build(paper_spatial).astype(np.float32)

    def _build(self, paper_spatial: bool) -> np.ndarray:
        layout, v = self.layout, self.num_node
        if self.mode in ('uniform', 'distance') or (self.mode == 'spatial' and paper_spatial):
            return _partitions(layout, self.mode, self.max_hop, self.dilation)
        if self.mode == 'stgcn_spatial':
            return _partitions(layout, 'spatial', self.max_hop, self.dilation)
        if self.mode == 'distance_star':
            # one partition A_0 - A_1: the distance partition with its two weights tied as
            # w_0 = -w_1 (the ST-GCN paper's "distance partitioning*")
            if self.max_hop != 1 or self.dilation != 1:
                raise ValueError('graph mode distance_star needs max_hop=1 and dilation=1')
            root, neighbours = _partitions(layout, 'distance', 1, 1)
            return (root - neighbours)[None]
        if self.mode == 'spatial':
            return np.stack([np.eye(v), normalize_digraph(edge_matrix(layout.inward, v)),
                             normalize_digraph(edge_matrix(layout.outward, v))])
        return edge_matrix(layout.inward + layout.outward, v)[None]

    def __repr__(self) -> str:
        return f'Graph(V={self.num_node}, mode={self.mode!r}, K={self.A.shape[0]})'

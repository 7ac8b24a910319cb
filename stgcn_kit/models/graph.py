"""The adjacency stacks built from a skeleton layout (:mod:`stgcn_kit.skeleton`).

A graph mode turns a layout into a stack ``A`` of shape ``(K, V, V)``; the graph convolution
computes ``einsum('nkctv,kvw->nctw', x, A)``, so ``A[k, v, w]`` weights what joint ``w`` gathers
from joint ``v``. Normalisation is ``A @ D^-1`` with ``D`` the column sums, as in ST-GCN's
and PYSKL's code; ``norm='paper'`` normalises each of the paper's partitions as the ST-GCN paper
writes it instead.
"""
from typing import List, Optional, Sequence

import numpy as np

from stgcn_kit.skeleton import Edge, Layout, LayoutLike, get_layout

MODES = ('uniform', 'distance', 'distance_star', 'spatial', 'stgcn_spatial', 'binary_adj',
         'random')
CENTERS = ('joint', 'gravity')
NORMS = ('column', 'paper')
# the paper's alpha in Lambda_j^ii = sum_k A_j^ik + alpha: keeps an empty partition row finite
PAPER_NORM_ALPHA = 0.001


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


def k_adjacency(adj: np.ndarray, k: int, with_self: bool = False) -> np.ndarray:
    """``(V, V)`` 0/1 matrix of the joint pairs exactly ``k`` hops apart over the symmetric
    adjacency ``adj`` (MS-G3D's disentangled scales); ``with_self`` adds the identity.
    ``k = 0`` gives the identity."""
    eye = np.eye(len(adj), dtype=adj.dtype)
    if k == 0:
        return eye
    within = [np.minimum(np.linalg.matrix_power(adj + eye, hops), 1) for hops in (k, k - 1)]
    return within[0] - within[1] + (eye if with_self else 0)


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


def normalize_paper(adj: np.ndarray) -> np.ndarray:
    """``Lambda^-1/2 A Lambda^-1/2`` with ``Lambda`` the column sums plus 0.001, the ST-GCN
    paper's normalisation of one partition (its rows are this module's columns).

    Read as written, a joint that gathers nothing within the partition sends with the factor
    ``1 / sqrt(0.001)``; only the repository's column normalisation avoids that.
    """
    inv_sqrt = 1.0 / np.sqrt(adj.sum(0) + PAPER_NORM_ALPHA)
    return adj * inv_sqrt[:, None] * inv_sqrt[None, :]


def gravity_distance(layout: Layout) -> np.ndarray:
    """``(V,)`` sum over all joints ``j`` of the squared hop distance from joint ``i`` to ``j``.

    For joints at positions ``x``, ``sum_j |x_i - x_j|^2 = V |x_i - c|^2 + const`` with ``c``
    their mean, so this orders the joints as their distance to the skeleton's gravity centre
    (the mean of all joints, the ST-GCN paper's centre) would, hops standing for lengths.
    """
    dist = hop_distance(layout.num_node, layout.inward, layout.num_node)
    if np.isinf(dist).any():
        raise ValueError('graph center gravity needs a connected layout: some joints are not '
                         'joined to the others by edges')
    return (dist ** 2).sum(1)


def _partitions(layout: Layout, mode: str, max_hop: int, dilation: int, center: str,
                norm: str) -> np.ndarray:
    """The ST-GCN paper's partition strategies over hops ``0, dilation, ..., max_hop``."""
    v = layout.num_node
    dist = hop_distance(v, layout.inward, max_hop)
    hops = range(0, max_hop + 1, dilation)
    if mode == 'uniform':
        masks = [np.isin(dist, list(hops))]
    elif mode == 'distance':
        masks = [dist == h for h in hops]
    else:
        # spatial: by the distance to the centre of the row joint versus the column joint;
        # with center 'joint', distances beyond max_hop are inf and compare equal, as in the
        # original code
        to_center = dist[:, layout.center] if center == 'joint' else gravity_distance(layout)
        j_not_closer = to_center[:, None] >= to_center[None, :]
        masks = []
        for h in hops:
            masks.append((dist == h) & j_not_closer)
            if h > 0:
                masks.append((dist == h) & ~j_not_closer)
    masks = [m.astype(float) for m in masks]
    if norm == 'paper':
        return np.stack([normalize_paper(m) for m in masks])
    whole = normalize_digraph(np.isin(dist, list(hops)).astype(float))
    return np.stack([m * whole for m in masks])


class Graph:
    """The adjacency stack of a layout under a partition mode.

    Args:
        layout: anything :func:`~stgcn_kit.skeleton.get_layout` takes: a built-in name, a
            layout file, a dict ``{num_node, inward, center, ...}`` or a ``Layout``; required
            (``ValueError`` naming ``graph_cfg.layout`` without it).
        mode: ``uniform`` / ``distance`` / ``spatial`` with ``max_hop`` and ``dilation`` are the
            ST-GCN paper's partitions (``spatial`` there means root+centripetal / centrifugal);
            ``distance_star`` is its distance partition with tied weights ``w_0 = -w_1``,
            written as the single partition ``A_0 - A_1``;
            ``stgcn_spatial`` is PYSKL's name for the paper's spatial partition; ``spatial``
            (the default, as in PYSKL and 2s-AGCN) stacks ``I``, normalised inward and
            normalised outward edges; ``binary_adj`` is the 0/1 symmetric adjacency;
            ``random`` (DG-STGCN, whose units learn the graph) is ``num_filter`` matrices
            drawn from ``N(init_off, init_std^2)`` with NumPy's global generator, as PYSKL.
        paper_spatial: use the paper's spatial partition for ``mode='spatial'`` (the original
            ST-GCN code's meaning of the name) instead of the 2s-AGCN stack.
        center: the centre of the paper's spatial partition: ``'joint'`` is the layout's
            centre joint at hop distance (ST-GCN's code); ``'gravity'`` the skeleton's gravity
            centre, the mean of all joints (the paper), ranked on the fixed graph by
            :func:`gravity_distance`.
        norm: normalisation of the paper's partitions (``uniform``, ``distance``,
            ``distance_star``, the spatial ones): ``'column'`` normalises the whole
            neighbourhood ``A @ D^-1`` and splits it (ST-GCN's code); ``'paper'`` normalises
            each partition ``Lambda_j^-1/2 A_j Lambda_j^-1/2`` (:func:`normalize_paper`).
        num_filter: ``K`` of mode ``random``.
        init_std: standard deviation of mode ``random``.
        init_off: mean of mode ``random``.

    Attributes:
        A: ``(K, V, V)`` float32 array.
    """

    def __init__(self, layout: Optional[LayoutLike] = None, mode: str = 'spatial',
                 max_hop: int = 1, dilation: int = 1, paper_spatial: bool = False,
                 center: str = 'joint', norm: str = 'column', num_filter: int = 3,
                 init_std: float = 0.02, init_off: float = 0.04) -> None:
        if layout is None:  # no default: a wrong skeleton would train without complaint
            raise ValueError(
                'graph_cfg.layout is not set (model.backbone.graph_cfg.layout in a config): name '
                'the skeleton layout of the data, e.g. coco, nturgb+d, nw-ucla or a layout file')
        if mode not in MODES:
            raise ValueError(f'unknown graph mode {mode!r}; valid modes: {list(MODES)}')
        if center not in CENTERS:
            raise ValueError(f'unknown graph center {center!r}; valid: {list(CENTERS)}')
        if norm not in NORMS:
            raise ValueError(f'unknown graph norm {norm!r}; valid: {list(NORMS)}')
        if max_hop < 1 or dilation < 1:
            raise ValueError(f'max_hop and dilation must be >= 1, got {max_hop}, {dilation}')
        self.layout = get_layout(layout)
        self.mode = mode
        self.max_hop = max_hop
        self.dilation = dilation
        self.num_node = self.layout.num_node
        self.center = self.layout.center
        self.center_mode = center
        self.norm = norm
        self.inward: List[Edge] = list(self.layout.inward)
        self.num_filter = num_filter
        self.init_std = init_std
        self.init_off = init_off
        self.A = self._build(paper_spatial).astype(np.float32)

    def _build(self, paper_spatial: bool) -> np.ndarray:
        layout, v = self.layout, self.num_node
        partitions = dict(max_hop=self.max_hop, dilation=self.dilation, center=self.center_mode,
                          norm=self.norm)
        if self.mode in ('uniform', 'distance') or (self.mode == 'spatial' and paper_spatial):
            return _partitions(layout, self.mode, **partitions)
        if self.mode == 'stgcn_spatial':
            return _partitions(layout, 'spatial', **partitions)
        if self.mode == 'distance_star':
            # one partition A_0 - A_1: the distance partition with its two weights tied as
            # w_0 = -w_1 (the ST-GCN paper's "distance partitioning*")
            if self.max_hop != 1 or self.dilation != 1:
                raise ValueError('graph mode distance_star needs max_hop=1 and dilation=1')
            root, neighbours = _partitions(layout, 'distance', **partitions)
            return (root - neighbours)[None]
        if (self.center_mode, self.norm) != ('joint', 'column'):
            raise ValueError(f'graph center and norm apply to the ST-GCN paper\'s partitions '
                             f'(uniform, distance, distance_star, stgcn_spatial), not to mode '
                             f'{self.mode!r}')
        if self.mode == 'random':
            return np.random.randn(self.num_filter, v, v) * self.init_std + self.init_off
        if self.mode == 'spatial':
            return np.stack([np.eye(v), normalize_digraph(edge_matrix(layout.inward, v)),
                             normalize_digraph(edge_matrix(layout.outward, v))])
        return edge_matrix(layout.inward + layout.outward, v)[None]

    def __repr__(self) -> str:
        return f'Graph(V={self.num_node}, mode={self.mode!r}, K={self.A.shape[0]})'

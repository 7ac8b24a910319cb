"""What a skeleton layout is: joints, edges and the anatomy the transforms need.

A layout is data. The model builds its adjacency from ``inward`` and ``center``; the transforms
take the bone tree, the joints that normalisation aligns, the left/right pairs that a flip
swaps and whether a third channel is a score; the converters check joint counts.
"""
from dataclasses import dataclass, field, fields
from typing import Any, Dict, Optional, Tuple

Edge = Tuple[int, int]


@dataclass(frozen=True)
class Layout:
    """A skeleton layout. Joints are 0-based indices into the ``V`` axis of the keypoints.

    Args:
        num_node: number of joints ``V``.
        inward: graph edges ``(child, parent)`` pointing towards ``center``.
        center: the root joint of the graph's partitions and of the bone tree.
        bone_inward: ``(child, parent)`` pairs of the bone stream when they differ from
            ``inward``; PYSKL/mmaction2 compute bones on a tree that is not always the graph's,
            and their released bone-stream weights expect that tree.
        names: one name per joint, for messages and drawings.
        dims: coordinates per joint, 2 (image) or 3 (space); ``None`` when unknown. The
            keypoints of a 2D layout with a third channel carry ``(x, y, score)``.
        body_center: the joint normalisation centres on when it is not ``center`` (PYSKL
            centres NTU RGB+D on the middle of the spine, while its graph's root is the spine
            at the shoulders).
        spine: ``(lower, upper)`` joints; normalisation turns lower -> upper onto +z.
        shoulders: ``(left, right)`` shoulder joints; normalisation turns the vector from the
            left to the right shoulder (right minus left) onto +x, as PYSKL does for NTU.
        hips: ``(left, right)`` hip joints; they stand in for the shoulders where a layout
            has none.
        flip_pairs: ``(left, right)`` joints that a horizontal flip swaps.
    """
    num_node: int
    inward: Tuple[Edge, ...]
    center: int
    bone_inward: Optional[Tuple[Edge, ...]] = None
    names: Optional[Tuple[str, ...]] = None
    dims: Optional[int] = None
    body_center: Optional[int] = None
    spine: Optional[Edge] = None
    shoulders: Optional[Edge] = None
    hips: Optional[Edge] = None
    flip_pairs: Tuple[Edge, ...] = field(default=())

    def __post_init__(self) -> None:
        problems = [f'{key} must hold (joint, joint) pairs, got {getattr(self, key)}'
                    for key in ('inward', 'bone_inward', 'flip_pairs')
                    if any(len(e) != 2 for e in getattr(self, key) or ())]
        joints = {'inward': [v for e in self.inward for v in e], 'center': [self.center],
                  'bone_inward': [v for e in self.bone_inward or () for v in e],
                  'body_center': [] if self.body_center is None else [self.body_center],
                  'spine': list(self.spine or ()), 'shoulders': list(self.shoulders or ()),
                  'hips': list(self.hips or ()),
                  'flip_pairs': [v for e in self.flip_pairs for v in e]}
        for key, values in joints.items():
            bad = sorted({v for v in values if not 0 <= v < self.num_node})
            if bad:
                problems.append(f'{key} names joints {bad} outside [0, {self.num_node})')
        for key in ('spine', 'shoulders', 'hips'):
            pair = getattr(self, key)
            if pair is not None and (len(pair) != 2 or pair[0] == pair[1]):
                problems.append(f'{key} must be two different joints, got {pair}')
        flipped = [v for e in self.flip_pairs for v in e]
        if len(flipped) != len(set(flipped)):
            problems.append(f'flip_pairs must name each joint once, got {self.flip_pairs}')
        if self.names is not None and len(self.names) != self.num_node:
            problems.append(f'{len(self.names)} names for {self.num_node} joints')
        if self.dims not in (None, 2, 3):
            problems.append(f'dims must be 2 or 3, got {self.dims}')
        if problems:
            raise ValueError('layout: ' + '; '.join(problems))

    @classmethod
    def from_dict(cls, spec: Dict[str, Any]) -> 'Layout':
        """A layout from a dict with the keys ``num_node``, ``inward``, ``center`` and
        optionally any other field (lists become tuples); unknown keys are an error."""
        if not isinstance(spec, dict):
            raise ValueError(f'a custom layout is a dict, got {type(spec).__name__}')
        known = [f.name for f in fields(cls)]
        missing = [k for k in ('num_node', 'inward', 'center') if k not in spec]
        unknown = sorted(set(spec) - set(known))
        if missing or unknown:
            raise ValueError(f'a custom layout needs the keys num_node, inward, center and may '
                             f'have {known[3:]}; missing: {missing}, unknown: {unknown}')
        try:
            return cls(**{key: _as_tuples(value) for key, value in spec.items()})
        except TypeError as err:  # e.g. a joint given as a string
            raise ValueError(f'layout: joints must be integers ({err})') from None

    def to_dict(self) -> Dict[str, Any]:
        """The fields that differ from their defaults, as lists and ints (for JSON, YAML and
        configs); :meth:`from_dict` reads it back."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value != f.default or f.name in ('num_node', 'inward', 'center'):
                out[f.name] = _as_lists(value)
        return out

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

    @property
    def origin(self) -> int:
        """The joint that normalisation centres on: ``body_center``, else ``center``."""
        return self.center if self.body_center is None else self.body_center

    @property
    def lateral(self) -> Optional[Edge]:
        """``(right, left)``: normalisation turns ``kp[right] - kp[left]`` onto +x (PYSKL's
        ``xaxis`` order). The shoulders, else the hips; ``None`` when the layout names
        neither."""
        pair = self.shoulders if self.shoulders is not None else self.hips
        return None if pair is None else (pair[1], pair[0])

    @property
    def flip_index(self) -> Tuple[int, ...]:
        """The joint order of the mirrored skeleton: ``flipped[..., v, :] = kp[..., index[v],
        :]`` swaps every left/right pair and keeps the other joints."""
        index = list(range(self.num_node))
        for left, right in self.flip_pairs:
            index[left], index[right] = right, left
        return tuple(index)

    def has_score_channel(self, channels: int, score_merged: bool = False) -> bool:
        """Whether the last of ``channels`` channels is a detection score, as PYSKL treats
        ``(x, y, score)``: for a 2D layout, when there are 3 channels; for a layout of unknown
        dimension, when the score was just appended (``score_merged``)."""
        if self.dims is None:
            return score_merged
        return self.dims == 2 and channels == 3


def _as_tuples(value: Any) -> Any:
    if hasattr(value, 'tolist'):  # numpy arrays and scalars
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return tuple(_as_tuples(v) for v in value)
    return value


def _as_lists(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_as_lists(v) for v in value]
    return value

"""A compact fingerprint of an array, for reference outputs too large to store whole.

``sketch(a)`` is one float64 vector: the number of axes, the shape, then either the elements
(arrays of at most :data:`WHOLE` elements) or the sums over every axis but one (one block per
axis) followed by :data:`PROJECTIONS` projections onto fixed pseudo-random weights. Two arrays
whose sketches agree within rounding agree almost surely: the projections weigh every element,
so any change, a permutation that keeps every marginal included, moves them.
"""
import numpy as np

WHOLE = 1024
PROJECTIONS = 4


def _weights(size: int) -> np.ndarray:
    return np.random.RandomState(size % (2**32)).uniform(-1, 1, (PROJECTIONS, size))


def _others(a: np.ndarray, axis: int) -> tuple:
    return tuple(i for i in range(a.ndim) if i != axis)


def sketch(array) -> np.ndarray:
    """The fingerprint of ``array`` (any shape, numbers or booleans) as a float64 vector."""
    a = np.asarray(array, dtype=np.float64)
    head = [float(a.ndim), *map(float, a.shape)]
    if a.size <= WHOLE:
        return np.concatenate([head, a.reshape(-1)])
    sums = [a.sum(axis=_others(a, axis)) for axis in range(a.ndim)]
    return np.concatenate([head, *sums, _weights(a.size) @ a.reshape(-1)])


def sketch_error(array, expected: np.ndarray) -> float:
    """The largest difference between ``sketch(array)`` and ``expected``, each block relative
    to the scale of what it adds up (the largest absolute element, or the sum of absolute
    values behind a sum or projection), so float32 rounding stays far below 1e-5; ``inf`` when
    the shapes differ."""
    a = np.asarray(array, dtype=np.float64)
    ours = sketch(a)
    if ours.shape != expected.shape or not np.array_equal(ours[:a.ndim + 1],
                                                          expected[:a.ndim + 1]):
        return float('inf')
    body, want = ours[a.ndim + 1:], expected[a.ndim + 1:]
    if a.size <= WHOLE:
        scale = max(np.abs(want).max(initial=0), 1e-12)
        return float(np.abs(body - want).max(initial=0) / scale)
    scales = [np.abs(a).sum(axis=_others(a, axis)) for axis in range(a.ndim)]
    scales = np.concatenate(scales + [np.full(PROJECTIONS, np.abs(a).sum())])
    return float((np.abs(body - want) / np.maximum(scales, 1e-12)).max())

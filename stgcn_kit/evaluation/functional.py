"""Accuracy measures on class-score arrays, as pure numpy functions.

``scores`` is ``(N, num_classes)`` (any monotone score: logits or probabilities), ``labels`` is
``(N,)`` integer class indices.
"""
from typing import List, Sequence, Tuple

import numpy as np


def _check(scores: np.ndarray, labels: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    scores, labels = np.asarray(scores), np.asarray(labels)
    if scores.ndim != 2 or labels.ndim != 1 or len(scores) != len(labels) or not len(labels):
        raise ValueError(f'expected scores (N, num_classes) and labels (N,) with N > 0, got '
                         f'{scores.shape} and {labels.shape}')
    if labels.min() < 0 or labels.max() >= scores.shape[1]:
        raise ValueError(f'labels must lie in [0, {scores.shape[1]}), got {labels.min()}..'
                         f'{labels.max()}')
    return scores, labels.astype(np.int64)


def top_k_accuracy(scores: np.ndarray, labels: np.ndarray,
                   topk: Sequence[int] = (1, )) -> List[float]:
    """Fraction of samples whose label is among their ``k`` highest scores, for each ``k``."""
    scores, labels = _check(scores, labels)
    # Sorting by descending score (stable) ranks tied classes by index, the same for every k.
    order = np.argsort(-scores, axis=1, kind='stable')
    hit_rank = np.argmax(order == labels[:, None], axis=1)
    return [float(np.mean(hit_rank < k)) for k in topk]


def confusion_matrix(pred: np.ndarray, labels: np.ndarray, num_classes: int) -> np.ndarray:
    """``(num_classes, num_classes)`` int64 counts; row = true class, column = predicted."""
    pred, labels = np.asarray(pred, dtype=np.int64), np.asarray(labels, dtype=np.int64)
    if pred.shape != labels.shape:
        raise ValueError(f'pred {pred.shape} and labels {labels.shape} differ in shape')
    out_of_range = (pred < 0) | (pred >= num_classes) | (labels < 0) | (labels >= num_classes)
    if out_of_range.any():
        raise ValueError(f'class indices must lie in [0, {num_classes})')
    return np.bincount(labels * num_classes + pred,
                       minlength=num_classes * num_classes).reshape(num_classes, num_classes)


def mean_class_accuracy(scores: np.ndarray, labels: np.ndarray) -> float:
    """Top-1 recall averaged over the classes that occur in ``labels``."""
    scores, labels = _check(scores, labels)
    matrix = confusion_matrix(scores.argmax(axis=1), labels, scores.shape[1])
    counts = matrix.sum(axis=1)
    present = counts > 0
    return float(np.mean(np.diag(matrix)[present] / counts[present]))


def subset_mean_class_accuracy(scores: np.ndarray, labels: np.ndarray, classes: Sequence[int],
                               restrict: bool = False) -> float:
    """Top-1 recall averaged over the ``classes`` that occur in ``labels``, on their samples only
    (e.g. the ST-GCN paper's Kinetics-Motion, 30 of Kinetics' 400 classes).

    The prediction is the best of all classes, or with ``restrict`` the best of ``classes``.
    """
    scores, labels = _check(scores, labels)
    classes = np.unique(np.asarray(classes, dtype=np.int64))
    if classes.size == 0 or classes.min() < 0 or classes.max() >= scores.shape[1]:
        raise ValueError(f'class subset must name classes in [0, {scores.shape[1]}), got '
                         f'{classes.tolist()}')
    chosen = np.isin(labels, classes)
    if not chosen.any():
        raise ValueError('no sample belongs to the class subset')
    scores, labels = scores[chosen], labels[chosen]
    if restrict:
        scores = np.where(np.isin(np.arange(scores.shape[1]), classes), scores, -np.inf)
    pred = scores.argmax(axis=1)
    return float(np.mean([np.mean(pred[labels == c] == c) for c in np.unique(labels)]))

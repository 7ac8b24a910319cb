"""Weighted fusion of several streams' test scores (joint, bone, motion, ...), matched by
sample id (``frame_dir``), never by position.

A stream is what ``tools/test.py --out`` writes: a list of result records
(:mod:`stgcn_kit.evaluation.result_record`).
"""
import numbers
from typing import Dict, List, Optional, Sequence

import numpy as np

from stgcn_kit.errors import ConfigError, DataError
from stgcn_kit.utils import load_pickle

from .functional import mean_class_accuracy, subset_mean_class_accuracy, top_k_accuracy
from .result_record import RECORD_KEYS, make_record


def _ids(ids: Sequence[str], limit: int = 3) -> str:
    ids = sorted(ids)
    return ', '.join(ids[:limit]) + (f', ... ({len(ids)} in all)' if len(ids) > limit else '')


def index_by_sample(records: list, source: str) -> Dict[str, dict]:
    """``{frame_dir: record}``; ``ValueError`` naming ``source`` for malformed or repeated
    records."""
    if not isinstance(records, list) or not records:
        raise ValueError(f'{source}: expected a non-empty list of per-sample dicts (the --out '
                         f'of tools/test.py), got {type(records).__name__}')
    index = {}
    for i, record in enumerate(records):
        if not isinstance(record, dict) or any(key not in record for key in RECORD_KEYS):
            raise ValueError(f'{source}: record {i} lacks one of the keys {RECORD_KEYS}')
        if not isinstance(record['frame_dir'], str):
            raise DataError(f'{source}: record {i}: frame_dir must be a string, got '
                            f'{type(record["frame_dir"]).__name__}')
        label = record['gt_label']
        if not isinstance(label, numbers.Integral) or isinstance(label, bool) or label < 0:
            raise DataError(f'{source}: sample {record["frame_dir"]}: gt_label '
                            f'{record["gt_label"]!r} is not a non-negative integer')
        if record['frame_dir'] in index:
            raise ValueError(f'{source}: sample {record["frame_dir"]} occurs more than once')
        index[record['frame_dir']] = record
    return index


def load_stream(path: str, trust_pickle: bool = False) -> Dict[str, dict]:
    """Read one ``--out`` pickle as ``{frame_dir: record}``; it may hold only plain data and
    numpy arrays unless ``trust_pickle`` (full unpickling, which can run code)."""
    return index_by_sample(load_pickle(path, trust_pickle), path)


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax of ``(N, num_classes)`` scores."""
    shifted = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def fuse_streams(streams: Sequence[Dict[str, dict]], names: Sequence[str],
                 weights: Optional[Sequence[float]] = None,
                 apply_softmax: bool = False) -> List[dict]:
    """Sum of ``weight * score`` over streams, per sample.

    Args:
        streams: ``{frame_dir: record}`` per stream (see :func:`load_stream`).
        names: the streams' names (file paths) for error messages.
        weights: one per stream; all ones by default.
        apply_softmax: turn each stream's scores into probabilities before weighting.

    Returns:
        Records in the first stream's order, ``pred_score`` being the fused float32 scores.
    """
    weights = [1.0] * len(streams) if weights is None else [float(w) for w in weights]
    if len(weights) != len(streams) or len(names) != len(streams) or not streams:
        raise ValueError(f'got {len(streams)} score files, {len(names)} names and '
                         f'{len(weights)} weights; give one weight per file')
    if not np.isfinite(weights).all() or not any(weights):
        raise ConfigError(f'weights {weights}: each must be a finite number and at least one '
                          f'non-zero')
    reference, ref_name = streams[0], names[0]
    for stream, name in zip(streams[1:], names[1:]):
        missing, extra = reference.keys() - stream.keys(), stream.keys() - reference.keys()
        if missing or extra:
            parts = [f'lacks {_ids(missing)}'] if missing else []
            parts += [f'has extra {_ids(extra)}'] if extra else []
            raise ValueError(f'{name}: its samples differ from those of {ref_name}: '
                             + '; '.join(parts))
        for frame_dir, record in stream.items():
            if int(record['gt_label']) != int(reference[frame_dir]['gt_label']):
                raise ValueError(f'{name}: sample {frame_dir} has label {record["gt_label"]} '
                                 f'but {reference[frame_dir]["gt_label"]} in {ref_name}')
    order = list(reference)
    fused = np.zeros_like(stacked_scores(reference, order, ref_name), dtype=np.float64)
    for stream, name, weight in zip(streams, names, weights):
        scores = stacked_scores(stream, order, name).astype(np.float64)
        if scores.shape != fused.shape:
            raise ValueError(f'{name}: {scores.shape[1]} class scores per sample, but '
                             f'{fused.shape[1]} in {ref_name}')
        fused += weight * (softmax(scores) if apply_softmax else scores)
    return [make_record(frame_dir, reference[frame_dir]['gt_label'], score)
            for frame_dir, score in zip(order, fused)]


def stacked_scores(stream: Dict[str, dict], order: Sequence[str], name: str) -> np.ndarray:
    """``(N, num_classes)`` scores of ``stream`` in the sample order ``order``."""
    scores = [np.asarray(stream[frame_dir]['pred_score'], dtype=np.float32).reshape(-1)
              for frame_dir in order]
    if len({len(s) for s in scores}) != 1:
        raise ValueError(f'{name}: samples have different numbers of class scores')
    scores = np.stack(scores)
    bad = np.flatnonzero(~np.isfinite(scores).all(axis=1))
    if len(bad):
        raise DataError(f'{name}: sample {order[bad[0]]} has NaN/inf scores ({len(bad)} '
                        f'sample(s) in all)')
    return scores


def accuracy_summary(stream: Dict[str, dict], name: str) -> Dict[str, float]:
    """``top1``, ``top5`` (where there are 5 classes or more) and ``mean1`` of one stream."""
    order = list(stream)
    scores = stacked_scores(stream, order, name)
    labels = np.array([int(stream[frame_dir]['gt_label']) for frame_dir in order])
    topk = [k for k in (1, 5) if k <= scores.shape[1]]
    summary = {f'top{k}': acc for k, acc in zip(topk, top_k_accuracy(scores, labels, topk))}
    summary['mean1'] = mean_class_accuracy(scores, labels)
    return summary


def subset_classes(subset_file: str, label_map: Optional[str]) -> List[int]:
    """Label indices of the class names in ``subset_file`` (one a line), looked up in
    ``label_map`` (the dataset's names in label order)."""
    if label_map is None:
        raise ValueError('a class subset needs --label-map, the class names in label order')
    names = {}
    for path in (subset_file, label_map):
        try:
            with open(path, encoding='utf-8') as f:
                names[path] = [line.strip() for line in f if line.strip()]
        except OSError as err:
            raise ValueError(f'{path}: cannot read ({err.strerror})') from None
    index = {name: i for i, name in enumerate(names[label_map])}
    unknown = [name for name in names[subset_file] if name not in index]
    if unknown:
        raise ValueError(f'{subset_file}: classes not in {label_map}: {unknown[:5]}')
    return [index[name] for name in names[subset_file]]


def subset_summary(stream: Dict[str, dict], name: str, classes: Sequence[int],
                   restrict: bool = False) -> float:
    """Mean class accuracy of one stream over ``classes``, on their samples only."""
    order = list(stream)
    labels = np.array([int(stream[frame_dir]['gt_label']) for frame_dir in order])
    return subset_mean_class_accuracy(stacked_scores(stream, order, name), labels, classes,
                                      restrict)

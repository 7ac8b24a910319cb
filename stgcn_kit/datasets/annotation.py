"""The one annotation format (PYSKL's pickle) and its validation.

``{'split': {name: [frame_dir, ...]}, 'annotations': [record, ...]}`` with each record holding
``frame_dir`` (str id), ``label`` (int), ``keypoint`` float ``(M, T, V, C)``,
``keypoint_score`` ``(M, T, V)`` for 2D data, ``total_frames`` (= T), ``img_shape`` and
``original_shape`` ``(h, w)``. PYSKL's Kinetics-400 pickle stores poses compressed instead
(``keypoint`` ``(N, V, 3)`` per box with ``frame_inds``, see ``DecompressPose``).
"""
import collections
import numbers
from typing import Iterable, Optional

import numpy as np

from stgcn_kit.errors import DataError
from stgcn_kit.utils.quote import excerpt
from stgcn_kit.utils.safe_pickle import MAX_LISTED_ARRAY, listed_array_bytes

REQUIRED_KEYS = ('frame_dir', 'label', 'keypoint', 'total_frames')

# a sanity bound on class indices, far above any action recognition dataset's class count, so
# that a corrupt label (beyond int64, say) is refused where it is read rather than overflowing
# an array or sizing a classifier
MAX_CLASSES = 1_000_000
LABEL_RANGE = f'an integer class index in 0-{MAX_CLASSES - 1}'


def is_label(value) -> bool:
    """Whether ``value`` is a class index: an integer (not a bool, float or string) in
    ``[0, MAX_CLASSES)``."""
    return (isinstance(value, numbers.Integral) and not isinstance(value, bool)
            and 0 <= value < MAX_CLASSES)


def shown_names(names: Iterable[str], limit: int = 10) -> str:
    """Up to ``limit`` of ``names`` for a one-line message, each a short excerpt."""
    names = list(names)
    return ', '.join(map(excerpt, names[:limit])) + (
        f' ... ({len(names)} in all)' if len(names) > limit else '')


def check_unique(names: Iterable[str], source: str, what: str) -> None:
    """Raise :class:`~stgcn_kit.errors.DataError` naming ``source``, ``what`` (e.g. ``"split
    'train'"``) and the ``frame_dir`` values that ``names`` lists more than once: the
    annotations would silently keep the last of two records, a split would use a sample
    twice."""
    repeated = [n for n, count in collections.Counter(names).items() if count > 1]
    if repeated:
        raise DataError(f'{source}: {len(repeated)} frame_dir(s) occur more than once in '
                        f'{what}: {shown_names(repeated)}')


def _as_array(value, what: str) -> np.ndarray:
    if listed_array_bytes(value) > MAX_LISTED_ARRAY:
        raise DataError(f'{what}: lists that would make an array of '
                        f'{listed_array_bytes(value)} bytes (more than {MAX_LISTED_ARRAY}); '
                        f'the file repeats an array or is corrupt')
    try:
        return np.asarray(value)
    except (ValueError, TypeError):
        raise DataError(f'{what} is not an array (rows of unequal length?)') from None


def _validate_compressed(record: dict, kp: np.ndarray, num_node: Optional[int],
                         what: str) -> None:
    """PYSKL's compressed form (``DecompressPose``): ``keypoint`` ``(N, V, 3)``, one row per
    box, and ``frame_inds`` ``(N,)``, non-decreasing frame indices below ``total_frames``."""
    inds = _as_array(record['frame_inds'], f'{what}: frame_inds')
    if kp.ndim != 3 or kp.shape[-1] != 3 or not len(kp) or inds.shape != kp.shape[:1]:
        raise DataError(f'{what}: a compressed record has keypoint (N, V, 3) and frame_inds '
                        f'(N,), N > 0; got {kp.shape} and {inds.shape}')
    if num_node is not None and kp.shape[1] != num_node:
        raise DataError(f'{what}: {kp.shape[1]} joints, the layout has {num_node}')
    if not np.issubdtype(kp.dtype, np.floating) or not np.isfinite(kp).all():
        raise DataError(f'{what}: keypoint must be float without NaN/inf (dtype {kp.dtype})')
    total = record['total_frames']
    if not isinstance(total, numbers.Integral) or isinstance(total, bool):
        raise DataError(f'{what}: total_frames={total!r} is no integer')
    if (not np.issubdtype(inds.dtype, np.integer) or np.any(np.diff(inds) < 0)
            or inds[0] < 0 or inds[-1] >= total):
        raise DataError(f'{what}: frame_inds must be non-decreasing integers in [0, '
                        f'total_frames={total})')


def validate_record(record: dict, num_node: Optional[int] = None, source: str = '',
                    labelled: bool = True) -> None:
    """Raise :class:`~stgcn_kit.errors.DataError` naming the sample (and ``source``, e.g. the
    file) when ``record`` is malformed: a missing key, a ``frame_dir`` that is no string, a label
    that is no non-negative integer (when ``labelled``), a keypoint array that is ragged, of the
    wrong rank or joint count, values that are NaN/inf as float32 (the dtype the model sees), no
    frames, a ``total_frames`` that is no integer or disagrees, or a score array whose shape
    disagrees."""
    where = f'{source}: ' if source else ''
    name = record.get('frame_dir', '<no frame_dir>') if isinstance(record, dict) else '<not a dict>'
    if not isinstance(record, dict):
        raise DataError(f'{where}annotation record is a {type(record).__name__}, not a dict')
    missing = [k for k in REQUIRED_KEYS if k not in record]
    if missing:
        raise DataError(f'{where}sample {name!r}: missing key(s) {missing}')
    if not isinstance(record['frame_dir'], str):
        raise DataError(f'{where}sample {name!r}: frame_dir must be a string')
    if labelled and not is_label(record['label']):
        raise DataError(f'{where}sample {name!r}: label {excerpt(record["label"])} is not '
                        f'{LABEL_RANGE}')
    kp = _as_array(record['keypoint'], f'{where}sample {name!r}: keypoint')
    if 'frame_inds' in record:
        _validate_compressed(record, kp, num_node, f'{where}sample {name!r}')
        return
    if kp.ndim != 4:
        raise DataError(f'{where}sample {name!r}: keypoint must be (M, T, V, C), '
                        f'got shape {kp.shape}')
    m, t, v, c = kp.shape
    if m == 0 or t == 0:
        raise DataError(f'{where}sample {name!r}: empty sequence (keypoint shape {kp.shape})')
    if num_node is not None and v != num_node:
        raise DataError(f'{where}sample {name!r}: {v} joints, the layout has {num_node}')
    if c not in (2, 3):
        raise DataError(f'{where}sample {name!r}: {c} coordinates per joint, expected 2 or 3')
    if not np.issubdtype(kp.dtype, np.floating):
        raise DataError(f'{where}sample {name!r}: keypoint is not float (dtype {kp.dtype})')
    with np.errstate(over='ignore'):
        finite = np.isfinite(kp.astype(np.float32, copy=False)).all()
    if not finite:
        raise DataError(f'{where}sample {name!r}: keypoint holds NaN/inf (or values beyond '
                        f'float32\'s range)')
    total = record['total_frames']
    if not isinstance(total, numbers.Integral) or isinstance(total, bool) or total != t:
        raise DataError(f'{where}sample {name!r}: total_frames={total!r} but keypoint has '
                        f'{t} frames')
    if 'keypoint_score' in record:
        score = _as_array(record['keypoint_score'], f'{where}sample {name!r}: keypoint_score')
        try:
            with np.errstate(over='ignore'):
                finite = np.isfinite(np.asarray(score, dtype=np.float32)).all()
        except (ValueError, TypeError):
            finite = False
        if score.shape != (m, t, v) or not finite:
            raise DataError(f'{where}sample {name!r}: keypoint_score shape {score.shape} '
                            f'(expected {(m, t, v)}) or holds NaN/inf')


def validate_annotation(data, source: str) -> None:
    """Raise :class:`~stgcn_kit.errors.DataError` naming ``source`` unless ``data`` is the
    pickle dict: ``annotations`` a list of valid records (:func:`validate_record`) with
    distinct ``frame_dir`` values, ``split`` a dict of lists naming each of those at most
    once."""
    if not isinstance(data, dict) or not isinstance(data.get('annotations'), list) or \
            not isinstance(data.get('split', {}), dict):
        raise DataError(f'{source}: expected a dict with an "annotations" list and a "split" '
                        f'dict, got {type(data).__name__}')
    for record in data['annotations']:
        validate_record(record, source=source)
    names = [r['frame_dir'] for r in data['annotations']]
    check_unique(names, source, 'the annotations')
    known = set(names)
    for split, members in data.get('split', {}).items():
        if not isinstance(members, (list, tuple)) or not all(isinstance(m, str)
                                                             for m in members):
            raise DataError(f'{source}: split {excerpt(split)} must be a list of frame_dir '
                            f'strings')
        check_unique(members, source, f'split {excerpt(split)}')
        missing = [m for m in members if m not in known]
        if missing:
            raise DataError(f'{source}: split {excerpt(split)} lists {len(missing)} sample(s) '
                            f'absent from the annotations: {shown_names(missing)}')

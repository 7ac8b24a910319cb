"""The one annotation format (PYSKL's pickle) and its validation.

``{'split': {name: [frame_dir, ...]}, 'annotations': [record, ...]}`` with each record holding
``frame_dir`` (str id), ``label`` (int), ``keypoint`` float ``(M, T, V, C)``,
``keypoint_score`` ``(M, T, V)`` for 2D data, ``total_frames`` (= T), ``img_shape`` and
``original_shape`` ``(h, w)``.
"""
from typing import Optional

import numpy as np

REQUIRED_KEYS = ('frame_dir', 'label', 'keypoint', 'total_frames')


def _as_array(value, what: str) -> np.ndarray:
    try:
        return np.asarray(value)
    except (ValueError, TypeError):
        raise ValueError(f'{what} is not an array (rows of unequal length?)') from None


def validate_record(record: dict, num_node: Optional[int] = None, source: str = '') -> None:
    """Raise ``ValueError`` naming the sample (and ``source``, e.g. the file) when ``record`` is
    malformed: a missing key, a keypoint array of the wrong rank or joint count, NaN/inf values,
    no frames, or a score array whose shape disagrees."""
    where = f'{source}: ' if source else ''
    name = record.get('frame_dir', '<no frame_dir>') if isinstance(record, dict) else '<not a dict>'
    if not isinstance(record, dict):
        raise ValueError(f'{where}annotation record is a {type(record).__name__}, not a dict')
    missing = [k for k in REQUIRED_KEYS if k not in record]
    if missing:
        raise ValueError(f'{where}sample {name!r}: missing key(s) {missing}')
    if not isinstance(record['frame_dir'], str):
        raise ValueError(f'{where}sample {name!r}: frame_dir must be a string')
    label = record['label']
    if isinstance(label, bool) or not isinstance(label, (int, np.integer)):
        raise ValueError(f'{where}sample {name!r}: label {label!r} is not an integer class '
                         f'index')
    kp = _as_array(record['keypoint'], f'{where}sample {name!r}: keypoint')
    if kp.ndim != 4:
        raise ValueError(f'{where}sample {name!r}: keypoint must be (M, T, V, C), '
                         f'got shape {kp.shape}')
    m, t, v, c = kp.shape
    if m == 0 or t == 0:
        raise ValueError(f'{where}sample {name!r}: empty sequence (keypoint shape {kp.shape})')
    if num_node is not None and v != num_node:
        raise ValueError(f'{where}sample {name!r}: {v} joints, the layout has {num_node}')
    if c not in (2, 3):
        raise ValueError(f'{where}sample {name!r}: {c} coordinates per joint, expected 2 or 3')
    if not np.issubdtype(kp.dtype, np.floating) or not np.isfinite(kp).all():
        raise ValueError(f'{where}sample {name!r}: keypoint holds NaN/inf or is not float '
                         f'(dtype {kp.dtype})')
    total = record['total_frames']
    if isinstance(total, bool) or not isinstance(total, (int, np.integer)) or total != t:
        raise ValueError(f'{where}sample {name!r}: total_frames={record["total_frames"]} but '
                         f'keypoint has {t} frames')
    if 'keypoint_score' in record:
        score = _as_array(record['keypoint_score'], f'{where}sample {name!r}: keypoint_score')
        if score.shape != (m, t, v) or not np.isfinite(score).all():
            raise ValueError(f'{where}sample {name!r}: keypoint_score shape {score.shape} '
                             f'(expected {(m, t, v)}) or holds NaN/inf')

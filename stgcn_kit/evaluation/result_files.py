"""Reading another toolbox's test results as ``{sample id: record}`` for score fusion.

This project's ``tools/test.py --out`` names each sample (``frame_dir``). PYSKL's and mmaction2
0.x's ``--out`` hold only a list of score arrays, and mmaction2 1.x's ``--dump`` a list of dicts
with ``pred_score`` and ``gt_label``: in both, the position is the sample's place in the dataset
the test read. That order comes from the annotation file the test read:

- a pickle in the PYSKL / mmaction2 format (this project's too): ``{'split': {name: [ids]},
  'annotations': [records]}`` read with a split keeps the annotations whose ``frame_dir`` (or
  ``filename``) the split lists, in annotation order, as PYSKL's and mmaction2's ``PoseDataset``
  do; a plain list of records is read in its order;
- a text list of an RGB model (mmaction2's ``VideoDataset`` / ``RawframeDataset``: one sample a
  line, the path first and the label last): the sample id is the file name without extension.

``id_pattern`` (a regular expression with one group) maps ids to the form another stream uses,
e.g. ``'^(.{11})'`` keeps the YouTube id of a Kinetics clip named ``<id>_<start>_<end>``.
"""
import os
import re
from typing import Dict, List, Optional, Tuple

import numpy as np

from stgcn_kit.datasets.annotation import check_unique
from stgcn_kit.errors import DataError
from stgcn_kit.utils import load_pickle
from stgcn_kit.utils.quote import excerpt
from stgcn_kit.utils.safe_pickle import MAX_LISTED_ARRAY, listed_array_bytes

from .fusion import index_by_sample, stacked_scores
from .result_record import make_record


def sample_order(ann_file: str, split: Optional[str] = None,
                 trust_pickle: bool = False) -> List[Tuple[str, int]]:
    """``(sample id, label)`` of every sample a test over ``ann_file`` (and ``split``) reads,
    in the order it reads them; a pickle may hold only plain data unless ``trust_pickle``."""
    if not ann_file.endswith(('.pkl', '.pickle')):
        return _text_list(ann_file)
    data = load_pickle(ann_file, trust_pickle)
    if isinstance(data, list):
        data = {'annotations': data}
    if not isinstance(data, dict) or not isinstance(data.get('annotations'), list):
        raise ValueError(f'{ann_file}: expected a list of records or a dict with "annotations"')
    records = data['annotations']
    key = 'filename' if records and 'filename' in records[0] else 'frame_dir'
    if any(not isinstance(r, dict) or key not in r or 'label' not in r for r in records):
        raise ValueError(f'{ann_file}: every record needs {key!r} and "label"')
    check_unique((str(r[key]) for r in records), ann_file, 'the annotations')
    if split is not None:
        splits = data.get('split') or {}
        if split not in splits:
            raise ValueError(f'{ann_file}: no split {split!r}; available splits: '
                             f'{sorted(splits)}')
        check_unique(map(str, splits[split]), ann_file, f'split {split!r}')
        chosen = set(splits[split])
        records = [r for r in records if r[key] in chosen]
    return [(str(r[key]), int(r['label'])) for r in records]


def _text_list(path: str) -> List[Tuple[str, int]]:
    try:
        with open(path, encoding='utf-8') as f:
            lines = [line.split() for line in f if line.strip()]
    except OSError as err:
        raise ValueError(f'{path}: cannot read the sample list ({err.strerror})') from None
    order = []
    for number, fields in enumerate(lines, 1):
        if len(fields) < 2 or not fields[-1].lstrip('-').isdigit():
            raise ValueError(f'{path}: line {number} is not "<path> ... <label>"')
        order.append((os.path.splitext(os.path.basename(fields[0]))[0], int(fields[-1])))
    return order


def _as_array(value, source: str, index: int) -> np.ndarray:
    if hasattr(value, 'detach'):  # a torch tensor in mmaction2 1.x dumps
        value = value.detach().cpu().numpy()
    _check_listed(value, source, str(index))
    scores = np.asarray(value, dtype=np.float32).reshape(-1)
    if scores.size == 0:
        raise ValueError(f'{source}: sample {index} has no scores')
    return scores


def _label(value) -> int:
    if hasattr(value, 'detach'):
        value = value.detach().cpu().numpy()
    return int(np.asarray(value).reshape(-1)[0])


def read_scores(path: str, ann_file: Optional[str] = None, split: Optional[str] = None,
                id_pattern: Optional[str] = None, trust_pickle: bool = False) -> Dict[str, dict]:
    """One stream's scores as ``{sample id: result record}`` (``result_record.make_record``).

    Args:
        path: this project's ``--out``, or PYSKL's / mmaction2's ``--out`` / ``--dump``.
        ann_file: the annotation file (pickle or text list) of the test that wrote ``path``;
            needed when ``path`` does not name its samples.
        split: the split of ``ann_file`` the test read (pickles only).
        id_pattern: regular expression whose first group is the id to match streams on.
        trust_pickle: unpickle ``path`` and ``ann_file`` fully (they can run code); otherwise
            they may hold only plain data and numpy arrays.
    """
    records = load_pickle(path, trust_pickle)
    if not isinstance(records, list) or not records:
        raise ValueError(f'{path}: expected a non-empty list of per-sample scores')
    named = all(isinstance(r, dict) and 'frame_dir' in r for r in records)
    if not named:
        if ann_file is None:
            raise ValueError(f'{path}: its scores do not name their samples (PYSKL / mmaction2 '
                             f'format); give the annotation file (and split) its test read')
        order = sample_order(ann_file, split, trust_pickle)
        if len(order) != len(records):
            raise ValueError(f'{path}: {len(records)} samples, but {ann_file}'
                             f'{f" split {split!r}" if split else ""} lists {len(order)}')
        rebuilt = []
        for i, (record, (sample, label)) in enumerate(zip(records, order)):
            scores = record.get('pred_score') if isinstance(record, dict) else record
            if scores is None:
                raise ValueError(f'{path}: sample {i} is a dict without "pred_score"')
            if isinstance(record, dict) and 'gt_label' in record and \
                    _label(record['gt_label']) != label:
                raise ValueError(f'{path}: sample {i} has label {_label(record["gt_label"])} '
                                 f'but {sample} has {label} in {ann_file}; is this the '
                                 f'annotation file (and split) the test read?')
            rebuilt.append(make_record(sample, label, _as_array(scores, path, i)))
        records = rebuilt
    if id_pattern is not None:
        records = [dict(r, frame_dir=_match(id_pattern, str(r['frame_dir']), path))
                   for r in records]
    return index_by_sample(records, path)


def _match(pattern: str, sample: str, source: str) -> str:
    found = re.search(pattern, sample)
    if found is None or not found.groups():
        raise ValueError(f'{source}: id pattern {pattern!r} finds no group in {sample!r}')
    return found.group(1)


def _check_listed(value, source: str, sample: str) -> None:
    if listed_array_bytes(value) > MAX_LISTED_ARRAY:
        raise DataError(f'{source}: sample {sample}: scores as lists that would make an array '
                        f'of {listed_array_bytes(value)} bytes (more than {MAX_LISTED_ARRAY}); '
                        f'the file repeats an array or is corrupt')


def checked_scores(stream: Dict[str, dict], source: str) -> Tuple[np.ndarray, np.ndarray]:
    """``(scores (N, num_classes) float32, labels (N,) int64)`` of one stream (``{frame_dir:
    record}``) in its order; :class:`~stgcn_kit.errors.DataError` naming ``source`` and the
    first bad sample when scores are NaN/inf, lists that would make a huge array, or a label
    is not a class of the scores."""
    order = list(stream)
    for name in order:
        _check_listed(stream[name]['pred_score'], source, excerpt(name))
    scores = stacked_scores(stream, order, source)
    num_classes = scores.shape[1]
    bad = [name for name in order if not 0 <= stream[name]['gt_label'] < num_classes]
    if bad:
        raise DataError(f'{source}: sample {excerpt(bad[0])} has label '
                        f'{excerpt(stream[bad[0]]["gt_label"])}, not one of the {num_classes} '
                        f'classes its scores are for (0-{num_classes - 1}); {len(bad)} '
                        f'sample(s) in all')
    return scores, np.array([stream[name]['gt_label'] for name in order], np.int64)

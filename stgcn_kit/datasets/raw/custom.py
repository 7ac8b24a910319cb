"""A folder of per-sample arrays plus a label CSV to the annotation pickle.

Each CSV row ``name,label[,split]`` names ``FOLDER/name.npy`` or ``FOLDER/name.json``. A ``.npy``
holds the keypoints ``(T, V, C)`` (one person) or ``(M, T, V, C)``; a ``.json`` holds
``{"keypoint": ..., "keypoint_score": ...}`` with the same shapes, the scores ``(T, V)`` or
``(M, T, V)`` and optional. ``C`` is 2 (image coordinates) or 3 (3D).

The skeleton is a built-in layout, a layout file (``.json`` / ``.yaml``, see
:class:`stgcn_kit.skeleton.Layout`) that can also name the joints normalisation and flips use, or
a plain edge file.
"""
import csv
import os
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from stgcn_kit.datasets.annotation import LABEL_RANGE, is_label, validate_record
from stgcn_kit.skeleton import LAYOUTS, Layout, get_layout
from stgcn_kit.utils.quote import excerpt

from .common import (
    as_float_array,
    build_annotation,
    convert_each,
    load_json,
    load_npy,
    write_annotation,
)

SUFFIXES = ('.npy', '.json')


def read_edges(path: str, num_node: Optional[int] = None, center: int = 0) -> Layout:
    """A layout from a text file of ``child parent`` pairs (0-based, one per line, ``#``
    comments, commas allowed); ``num_node`` defaults to the largest joint index plus one."""
    try:
        with open(path, 'r') as f:
            lines = [line.split('#')[0].replace(',', ' ').split() for line in f]
    except OSError as err:
        raise ValueError(f'{path}: cannot read the edge file ({err})') from None
    edges = []
    for number, tokens in enumerate(lines, 1):
        if not tokens:
            continue
        if len(tokens) != 2 or not all(t.isdigit() for t in tokens):
            raise ValueError(f'{path}: line {number} should be "child parent" joint indices, '
                             f'got {" ".join(tokens)!r}')
        edges.append((int(tokens[0]), int(tokens[1])))
    if not edges:
        raise ValueError(f'{path}: no edges')
    if num_node is None:
        num_node = max(max(e) for e in edges) + 1
    try:
        return get_layout(dict(num_node=num_node, inward=edges, center=center))
    except ValueError as err:
        raise ValueError(f'{path}: {err}') from None


def read_table(path: str, default_split: str) -> List[Tuple[str, int, str]]:
    """``(name, label, split)`` rows of the CSV; a header row ``name,label[,split]`` is
    skipped."""
    try:
        with open(path, 'r', newline='', encoding='utf-8') as f:
            rows = [row for row in csv.reader(f) if any(cell.strip() for cell in row)]
    except (OSError, UnicodeDecodeError) as err:
        raise ValueError(f'{path}: cannot read ({err})') from None
    if rows and [c.strip().lower() for c in rows[0][:2]] == ['name', 'label']:
        rows = rows[1:]
    table = []
    for number, row in enumerate(rows, 1):
        cells = [c.strip() for c in row]
        if len(cells) not in (2, 3) or not cells[0]:
            raise ValueError(f'{path}: row {number} should be name,label[,split], got '
                             f'{excerpt(",".join(row))}')
        try:
            label = int(cells[1])
        except ValueError:  # also for more digits than int() reads
            label = None
        if not is_label(label):
            raise ValueError(f'{path}: row {number} ({excerpt(cells[0])}): label '
                             f'{excerpt(cells[1])} is not {LABEL_RANGE}')
        split = cells[2] if len(cells) == 3 and cells[2] else default_split
        table.append((cells[0], label, split))
    if not table:
        raise ValueError(f'{path}: no samples listed')
    return table


def _find_file(folder: str, name: str) -> str:
    found = [os.path.join(folder, name + s) for s in SUFFIXES
             if os.path.isfile(os.path.join(folder, name + s))]
    if len(found) != 1:
        problem = 'no' if not found else 'both a .npy and a .json'
        raise ValueError(f'{os.path.join(folder, name)}: {problem} file for sample {name!r} '
                         f'(expected {name}.npy or {name}.json)')
    return found[0]


def _with_person_axis(arr: np.ndarray, path: str, what: str, single_ndim: int) -> np.ndarray:
    if arr.ndim == single_ndim:
        return arr[None]
    if arr.ndim != single_ndim + 1:
        raise ValueError(f'{path}: {what} has shape {arr.shape}, expected {single_ndim} or '
                         f'{single_ndim + 1} dimensions')
    return arr


def read_sample(folder: str, name: str, label: int, num_node: int,
                img_shape: Optional[Sequence[int]] = None) -> dict:
    """The record of sample ``name`` with ``keypoint`` ``(M, T, V, C)`` float32."""
    path = _find_file(folder, name)
    score = None
    if path.endswith('.npy'):
        keypoint = as_float_array(load_npy(path), path, 'the array')
    else:
        data = load_json(path)
        if not isinstance(data, dict) or 'keypoint' not in data:
            raise ValueError(f'{path}: expected an object with a "keypoint" field')
        keypoint = as_float_array(data['keypoint'], path, 'keypoint')
        if data.get('keypoint_score') is not None:
            score = as_float_array(data['keypoint_score'], path, 'keypoint_score')
            score = _with_person_axis(score, path, 'keypoint_score', 2)
    if keypoint.size == 0:
        raise ValueError(f'{path}: empty sequence (keypoint shape {keypoint.shape})')
    record = dict(frame_dir=name, label=label,
                  keypoint=_with_person_axis(keypoint, path, 'keypoint', 3),
                  total_frames=keypoint.shape[-3])
    if score is not None:
        record['keypoint_score'] = score
    if img_shape is not None:
        record['img_shape'] = record['original_shape'] = tuple(img_shape)
    validate_record(record, num_node, path)
    return record


def custom_layout(layout: Optional[str] = None, edges: Optional[str] = None,
                  num_node: Optional[int] = None, center: int = 0) -> Layout:
    """The layout of a custom dataset: a built-in name or a layout file (``layout``), or an
    edge file (``edges``, with ``num_node`` and ``center``); exactly one of them."""
    if (layout is None) == (edges is None):
        raise ValueError('give exactly one of a layout (a name or a layout file) or an edge file')
    return get_layout(layout) if layout is not None else read_edges(edges, num_node, center)


def layout_note(layout: Optional[str], graph: Layout) -> Optional[str]:
    """What the conversion assumes about the skeleton, when a user might not expect it: a
    built-in layout brings its joint order, edges and anatomy; an edge file brings no anatomy,
    so 3D normalisation will only centre."""
    if layout in LAYOUTS:
        joints = ', '.join(f'{v} {name}' for v, name in enumerate(graph.names or ()))
        return (f'note: --layout {layout} takes your joint v to be {layout}\'s joint v '
                f'({joints}), with {layout}\'s edges and anatomy (centre {graph.origin}, spine '
                f'{graph.spine}, shoulders {graph.shoulders}, hips {graph.hips}, left/right pairs '
                f'{list(graph.flip_pairs)}); for another skeleton with as many joints, describe it '
                f'in a layout file (see docs/custom_dataset.md)')
    if graph.spine is None and graph.lateral is None:
        return (f'note: the layout names no spine, shoulder or hip joints: 3D normalisation '
                f'will only centre the sequences on joint {graph.origin} (a layout file can '
                f'name them, see docs/custom_dataset.md)')
    return None


def convert_custom(data_path: str, labels: str, out: Optional[str] = None,
                   layout: Optional[str] = None, edges: Optional[str] = None,
                   num_node: Optional[int] = None, center: int = 0,
                   img_shape: Optional[Sequence[int]] = None,
                   default_split: str = 'train', num_classes: Optional[int] = None) -> dict:
    """Convert the samples listed in the ``labels`` CSV into the pickle, checking every joint
    count against the layout (see :func:`custom_layout`); write it to ``out`` if given.

    Rows without a split column go to ``default_split``; ``img_shape`` ``(h, w)`` is stored in
    every record (useful for 2D pixel coordinates); labels must be below ``num_classes`` where
    given. What the layout implies about the user's skeleton is printed (see
    :func:`layout_note`).
    """
    graph = custom_layout(layout, edges, num_node, center)
    note = layout_note(layout, graph)
    if note is not None:
        print(note)
    table = read_table(labels, default_split)
    records = convert_each(
        table, lambda row: read_sample(data_path, row[0], row[1], graph.num_node, img_shape),
        name=lambda row: os.path.join(data_path, row[0]))
    split: Dict[str, List[str]] = {}
    for name, _, split_name in table:
        split.setdefault(split_name, []).append(name)
    anno = build_annotation(records, split, graph.num_node, labels, num_classes=num_classes)
    if out is not None:
        write_annotation(anno, out)
    return anno

"""ST-GCN's Kinetics-skeleton JSON clips to the annotation pickle.

A clip is ``{"data": [{"frame_index", "skeleton": [{"pose": [x0, y0, ...], "score": [...]}]}],
"label", "label_index"}`` with OpenPose's 18 joints. Coordinates are kept as released: divided by
the frame width and height, so about ``[0, 1]``; the records therefore say ``img_shape = (1, 1)``,
which makes the usual ``(x - w / 2) / (w / 2)`` normalisation map them to ``[-1, 1]`` exactly as
it maps pixel coordinates of real frames.

As in ST-GCN's feeder, ``frame_index`` (1-based) places each frame, only the first
:data:`MAX_PEOPLE_IN` people of a frame are looked at, and the :data:`MAX_PEOPLE` of them with
the highest total joint score are kept, ranked per frame.
"""
import os
from typing import Dict, List, Optional

import numpy as np

from stgcn_kit.datasets.annotation import LABEL_RANGE, is_label
from stgcn_kit.skeleton import get_layout
from stgcn_kit.utils.quote import excerpt

from .common import (
    as_float_array,
    build_annotation,
    check_frame_count,
    convert_each,
    list_files,
    load_json,
    write_annotation,
)

LAYOUT = 'openpose'
MAX_PEOPLE_IN = 5
MAX_PEOPLE = 2
SPLITS = ('train', 'val')


def read_clip(path: str, label: Optional[int] = None) -> dict:
    """One clip as a record with ``keypoint`` ``(M, T, 18, 2)`` and ``keypoint_score``
    ``(M, T, 18)``; ``label`` (from the split's label file) overrides the clip's own, and the
    two must agree when both exist."""
    clip = load_json(path)
    if not isinstance(clip, dict) or not isinstance(clip.get('data'), list):
        raise ValueError(f'{path}: expected an object with a "data" list of frames')
    own_label = clip.get('label_index')
    if label is None:
        if own_label is None:
            raise ValueError(f'{path}: no label_index and no label file entry')
        label = own_label
    elif own_label is not None and own_label != label:
        raise ValueError(f'{path}: label_index {own_label} disagrees with the label file '
                         f'({label})')
    if not is_label(label):
        raise ValueError(f'{path}: label {excerpt(label)} is not {LABEL_RANGE}')
    frames = clip['data']
    if not frames:
        raise ValueError(f'{path}: empty sequence (no frames)')
    num_node = get_layout(LAYOUT).num_node
    try:
        frame_index = [int(f['frame_index']) for f in frames]
        people = [f['skeleton'][:MAX_PEOPLE_IN] for f in frames]
    except (KeyError, TypeError, ValueError, OverflowError):
        raise ValueError(f'{path}: every frame needs an integer "frame_index" and a '
                         f'"skeleton" list') from None
    if min(frame_index) < 1:
        raise ValueError(f'{path}: frame_index {min(frame_index)} is below 1')
    num_frames = max(frame_index)
    check_frame_count(path, num_frames, 'frame_index')
    pose = np.zeros((MAX_PEOPLE_IN, num_frames, num_node, 2), dtype=np.float32)
    score = np.zeros((MAX_PEOPLE_IN, num_frames, num_node), dtype=np.float32)
    for t, persons in zip(frame_index, people):
        for m, person in enumerate(persons):
            where = f'person {m} of frame {t}'
            try:
                xy, s = person['pose'], person['score']
            except (KeyError, TypeError):
                raise ValueError(f'{path}: {where} lacks "pose" or "score"') from None
            xy = as_float_array(xy, path, f'the pose of {where}', ndim=1)
            s = as_float_array(s, path, f'the score of {where}', ndim=1)
            if xy.shape != (2 * num_node, ) or s.shape != (num_node, ):
                raise ValueError(f'{path}: {where} has {len(xy) / 2:g} pose joints and '
                                 f'{len(s)} scores, expected {num_node}')
            pose[m, t - 1] = xy.reshape(num_node, 2)
            score[m, t - 1] = s
    if not score.any():
        raise ValueError(f'{path}: no person detected in any frame')
    rank = np.argsort(-score.sum(axis=2), axis=0, kind='stable')  # (MAX_PEOPLE_IN, T)
    pose = np.take_along_axis(pose, rank[..., None, None], axis=0)
    score = np.take_along_axis(score, rank[..., None], axis=0)
    num_people = min(MAX_PEOPLE, max(len(p) for p in people))
    return dict(frame_dir=os.path.splitext(os.path.basename(path))[0], label=label,
                keypoint=pose[:num_people], keypoint_score=score[:num_people],
                total_frames=num_frames, img_shape=(1, 1), original_shape=(1, 1))


def read_labels(path: str) -> Dict[str, dict]:
    """The ``kinetics_{split}_label.json`` table ``{clip: {has_skeleton, label_index, ...}}``."""
    table = load_json(path)
    if not isinstance(table, dict) or not all(isinstance(v, dict) for v in table.values()):
        raise ValueError(f'{path}: expected {{clip id: {{"label_index", "has_skeleton"}}}}')
    return table


def read_classes(data_path: str) -> Optional[List[str]]:
    """Class names from ``label_name.txt`` (one per line) when the folder has it."""
    path = os.path.join(data_path, 'label_name.txt')
    if not os.path.exists(path):
        return None
    with open(path, 'r', encoding='utf-8') as f:
        return [line.strip() for line in f if line.strip()]


def _split_items(data_path: str, split: str) -> List[tuple]:
    """``(clip path, label or None)`` of one split; clips without skeletons are left out."""
    paths = list_files(os.path.join(data_path, f'kinetics_{split}'), '.json')
    label_path = os.path.join(data_path, f'kinetics_{split}_label.json')
    if not os.path.exists(label_path):
        return [(p, None) for p in paths]
    table = read_labels(label_path)
    items = []
    for path in paths:
        clip_id = os.path.splitext(os.path.basename(path))[0]
        if clip_id not in table:
            raise ValueError(f'{path}: clip {clip_id!r} is missing from {label_path}')
        entry = table[clip_id]
        if entry.get('has_skeleton', True):
            items.append((path, entry.get('label_index')))
    return items


def convert_kinetics(data_path: str, out: Optional[str] = None,
                     num_classes: Optional[int] = None) -> dict:
    """Convert ``data_path/kinetics_{train,val}/*.json`` (labels from
    ``kinetics_{train,val}_label.json`` where present) into the pickle with ``train``/``val``
    splits and, from ``label_name.txt``, ``classes``; write it to ``out`` if given.

    Every label must be below ``num_classes`` and the number of class names, where given."""
    present = [s for s in SPLITS if os.path.isdir(os.path.join(data_path, f'kinetics_{s}'))]
    if not present:
        raise ValueError(f'{data_path}: holds neither kinetics_train/ nor kinetics_val/')
    split, records = {}, []
    for name in present:
        items = _split_items(data_path, name)
        split_records = convert_each(items, lambda item: read_clip(*item),
                                     name=lambda item: item[0])
        split[name] = [r['frame_dir'] for r in split_records]
        records += split_records
    anno = build_annotation(records, split, get_layout(LAYOUT).num_node, data_path,
                            read_classes(data_path), num_classes)
    if out is not None:
        write_annotation(anno, out)
    return anno

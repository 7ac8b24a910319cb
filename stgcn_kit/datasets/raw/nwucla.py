"""Northwestern-UCLA Multiview Action3D (CTR-GCN's ``all_sqe`` JSON) to the annotation pickle.

Each ``all_sqe/aAA_sSS_eEE_vVV.json`` holds ``{"file_name", "skeletons": T x 20 x 3, "label"}``
(Kinect v1 joints in metres). ``label`` is the 1-based class index, i.e. the position of the
action id ``AA`` in :data:`ACTION_IDS` plus one; the converter derives the label from the file
name and checks that the field agrees.
"""
import os
import re
from typing import Dict, List, Optional

from stgcn_kit.skeleton import get_layout

from .common import (
    as_float_array,
    build_annotation,
    convert_each,
    list_files,
    load_json,
    write_annotation,
)

LAYOUT = 'nw-ucla'
# Ids 7 and 10 were dropped by the dataset's authors; the class index follows this order.
ACTION_IDS = (1, 2, 3, 4, 5, 6, 8, 9, 11, 12)
CLASSES = ('pick up with one hand', 'pick up with two hands', 'drop trash', 'walk around',
           'sit down', 'stand up', 'donning', 'doffing', 'throw', 'carry')
# Cross-view protocol: views 1 and 2 train, view 3 tests.
VIEW_SPLIT = {1: 'train', 2: 'train', 3: 'val'}
NAME_PATTERN = re.compile(r'a(\d+)_s(\d+)_e(\d+)_v(\d+)')


def parse_name(name: str) -> Dict[str, int]:
    """``'a01_s02_e03_v04'`` -> ``{'action': 1, 'subject': 2, 'episode': 3, 'view': 4}``."""
    match = NAME_PATTERN.fullmatch(name)
    if match is None:
        raise ValueError(f'{name}: not an NW-UCLA sample name aAA_sSS_eEE_vVV')
    return dict(zip(('action', 'subject', 'episode', 'view'), map(int, match.groups())))


def read_sample(path: str) -> dict:
    """One ``all_sqe`` JSON file as a record with ``keypoint`` ``(1, T, 20, 3)`` float32."""
    name = os.path.splitext(os.path.basename(path))[0]
    ids = parse_name(name)
    if ids['action'] not in ACTION_IDS:
        raise ValueError(f'{path}: action id {ids["action"]} is not one of NW-UCLA\'s '
                         f'{ACTION_IDS}')
    label = ACTION_IDS.index(ids['action'])
    data = load_json(path)
    if not isinstance(data, dict) or 'skeletons' not in data:
        raise ValueError(f'{path}: expected an object with a "skeletons" field')
    if data.get('file_name', name) != name:
        raise ValueError(f'{path}: file_name {data["file_name"]!r} differs from the file name')
    if 'label' in data and data['label'] != label + 1:
        raise ValueError(f'{path}: label field {data["label"]!r} disagrees with action id '
                         f'{ids["action"]} (expected class {label + 1}, 1-based)')
    skeletons = as_float_array(data['skeletons'], path, 'skeletons')
    num_node = get_layout(LAYOUT).num_node
    if skeletons.size == 0:
        raise ValueError(f'{path}: empty sequence (no frames)')
    if skeletons.ndim != 3 or skeletons.shape[1:] != (num_node, 3):
        raise ValueError(f'{path}: skeletons have shape {skeletons.shape}, expected '
                         f'(T, {num_node}, 3)')
    return dict(frame_dir=name, label=label, keypoint=skeletons[None],
                total_frames=skeletons.shape[0])


def convert_nwucla(data_path: str, out: Optional[str] = None) -> dict:
    """Convert ``data_path/all_sqe/*.json`` into the pickle with the cross-view split
    (``train``: views 1 and 2, ``val``: view 3), a cross-subject split (``xsub_train``: odd
    subjects, ``xsub_val``: even ones, all views) and ``classes``; write it to ``out`` if given.

    Raises ``ValueError`` naming the file when any sample is malformed; nothing is written then.
    """
    folder = os.path.join(data_path, 'all_sqe')
    paths = list_files(folder, '.json')
    records = convert_each(paths, read_sample)
    split: Dict[str, List[str]] = {'train': [], 'val': [], 'xsub_train': [], 'xsub_val': []}
    for record in records:
        ids = parse_name(record['frame_dir'])
        # a cross-subject split of this project's (NW-UCLA publishes none): odd subjects train,
        # even ones test, every view on both sides
        split['xsub_train' if ids['subject'] % 2 else 'xsub_val'].append(record['frame_dir'])
        view = ids['view']
        if view not in VIEW_SPLIT:
            raise ValueError(f'{folder}: sample {record["frame_dir"]} has view {view}, '
                             f'expected one of {sorted(VIEW_SPLIT)}')
        split[VIEW_SPLIT[view]].append(record['frame_dir'])
    anno = build_annotation(records, split, get_layout(LAYOUT).num_node, folder, CLASSES)
    if out is not None:
        write_annotation(anno, out)
    return anno

"""ST-GCN / 2s-AGCN arrays ``(N, C, T, V, M)`` with their ``(names, labels)`` pickle to the
annotation pickle.

Those arrays are zero-padded to a fixed length and person count: trailing all-zero frames are
trimmed to recover ``total_frames`` and all-zero persons are dropped. The array is memory-mapped
so that one sample at a time is read from disk. With ``score_channel`` the last channel is a
confidence (ST-GCN's Kinetics ``x, y, score``) and becomes ``keypoint_score``.
"""
from typing import Optional

import numpy as np

from stgcn_kit.datasets.annotation import LABEL_RANGE, is_label
from stgcn_kit.skeleton import get_layout
from stgcn_kit.utils.io import load_pickle
from stgcn_kit.utils.quote import excerpt

from .common import build_annotation, convert_each, load_npy, write_annotation

NAME_SUFFIXES = ('.skeleton', '.json', '.npy')


def _strip_suffix(name: str) -> str:
    for suffix in NAME_SUFFIXES:
        if name.endswith(suffix):
            return name[:-len(suffix)]
    return name


def load_labels(path: str, num_samples: int, trust_pickle: bool = False) -> tuple:
    """``(names, labels)`` from the label pickle, checked against the array's sample count;
    ``trust_pickle`` unpickles it fully (it can run code)."""
    content = load_pickle(path, trust_pickle)
    if not (isinstance(content, (tuple, list)) and len(content) == 2):
        raise ValueError(f'{path}: expected a (names, labels) pair, got a '
                         f'{type(content).__name__}')
    try:
        names = [_strip_suffix(str(n)) for n in content[0]]
        # numpy scalars become Python numbers; the type is kept so that 3.7 is refused, not cut
        labels = [label.item() if isinstance(label, np.generic) else label
                  for label in content[1]]
    except TypeError:
        raise ValueError(f'{path}: names and labels must be sequences') from None
    if not len(names) == len(labels) == num_samples:
        raise ValueError(f'{path}: {len(names)} names and {len(labels)} labels for an array '
                         f'of {num_samples} samples')
    bad = [i for i, label in enumerate(labels) if not is_label(label)]
    if bad:
        raise ValueError(f'{path}: label {excerpt(labels[bad[0]])} of sample '
                         f'{excerpt(names[bad[0]])} is not {LABEL_RANGE}')
    return names, labels


def trim_sample(sample: np.ndarray, name: str, source: str, score_channel: bool) -> dict:
    """``(C, T, V, M)`` padded sample -> ``keypoint`` ``(M', T', V, C')`` without padding."""
    data = np.ascontiguousarray(sample.transpose(3, 1, 2, 0), dtype=np.float32)
    persons = data.any(axis=(1, 2, 3))
    frames = np.flatnonzero(data.any(axis=(0, 2, 3)))
    if not persons.any():
        raise ValueError(f'{source}: sample {name!r} is all zeros (empty sequence)')
    data = data[persons, :frames[-1] + 1]
    record = dict(keypoint=data[..., :-1] if score_channel else data,
                  total_frames=data.shape[1])
    if score_channel:
        record['keypoint_score'] = data[..., -1]
    return record


def convert_legacy(data_path: str, labels: str, out: Optional[str] = None,
                   split_name: str = 'train', layout: Optional[str] = None,
                   score_channel: bool = False, num_classes: Optional[int] = None,
                   trust_pickle: bool = False) -> dict:
    """Convert one legacy split into the pickle with the single split ``split_name``; joint
    counts are checked against ``layout`` and labels against ``num_classes`` when given.
    Writes ``out`` if given. The label pickle may hold only plain data unless
    ``trust_pickle``."""
    data = load_npy(data_path, mmap=True)
    if data.ndim != 5:
        raise ValueError(f'{data_path}: shape {data.shape}, expected (N, C, T, V, M)')
    if data.shape[1] - score_channel not in (2, 3):
        raise ValueError(f'{data_path}: {data.shape[1]} channels, expected 2 or 3 coordinates'
                         f'{" plus a score" if score_channel else ""}')
    num_node = get_layout(layout).num_node if layout is not None else data.shape[3]
    names, label_list = load_labels(labels, data.shape[0], trust_pickle)

    def convert(i: int) -> dict:
        record = trim_sample(data[i], names[i], data_path, score_channel)
        return dict(frame_dir=names[i], label=label_list[i], **record)

    records = convert_each(range(data.shape[0]), convert)
    anno = build_annotation(records, {split_name: names}, num_node, data_path,
                            num_classes=num_classes)
    if out is not None:
        write_annotation(anno, out)
    return anno

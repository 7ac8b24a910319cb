"""NTU RGB+D 60/120 raw ``.skeleton`` text files to the annotation pickle.

A file reads: the frame count; per frame the body count; per body one line of 10 body fields,
the joint count (25) and one line of 12 numbers per joint, of which the first three are the
camera-space ``x y z`` in metres. Both CRLF and LF line ends occur in the released files.

The body selection follows the official/2s-AGCN/PYSKL scripts: the first
:data:`MAX_KINECT_BODIES` bodies of every frame are kept by their slot in the frame, then the
two slots with the largest motion (sum over x, y, z of the standard deviation over the frames in
which the slot is filled) are selected.
"""
import os
import re
from typing import Any, Callable, Dict, List, Optional, Sequence

import numpy as np

from stgcn_kit.skeleton import get_layout
from stgcn_kit.utils.quote import excerpt

from .common import build_annotation, check_frame_count, convert_each, list_files, write_annotation

LAYOUT = 'nturgb+d'
MAX_KINECT_BODIES = 4
MAX_BODIES = 2
BODY_FIELDS = 10
JOINT_FIELDS = 12
FLOAT32_MAX = float(np.finfo(np.float32).max)
NAME_PATTERN = re.compile(r'S(\d{3})C(\d{3})P(\d{3})R(\d{3})A(\d{3})')

# Official protocols (Shahroudy et al. 2016; Liu et al. 2019).
NTU60_TRAIN_SUBJECTS = (1, 2, 4, 5, 8, 9, 13, 14, 15, 16, 17, 18, 19, 25, 27, 28, 31, 34, 35,
                        38)
NTU120_TRAIN_SUBJECTS = NTU60_TRAIN_SUBJECTS + (
    45, 46, 47, 49, 50, 52, 53, 54, 55, 56, 57, 58, 59, 70, 74, 78, 80, 81, 82, 83, 84, 85, 86,
    89, 91, 92, 93, 94, 95, 97, 98, 100, 103)
TRAIN_CAMERAS = (2, 3)
DATASETS = {'ntu60': dict(num_setups=17, num_classes=60),
            'ntu120': dict(num_setups=32, num_classes=120)}


def parse_name(name: str) -> Dict[str, int]:
    """``'S001C002P003R004A005'`` -> ``{'setup': 1, 'camera': 2, 'subject': 3, 'replication': 4,
    'action': 5}``."""
    match = NAME_PATTERN.fullmatch(name)
    if match is None:
        raise ValueError(f'{name}: not an NTU sample name SsssCcccPpppRrrrAaaa')
    keys = ('setup', 'camera', 'subject', 'replication', 'action')
    return dict(zip(keys, map(int, match.groups())))


class _LineReader:
    """Walks the lines of one file, raising errors that name the file and the line."""

    def __init__(self, path: str):
        self.path = path
        try:
            with open(path, 'r', encoding='ascii') as f:
                self.lines = f.read().splitlines()
        except (OSError, UnicodeDecodeError) as err:
            raise ValueError(f'{path}: cannot read ({err})') from None
        self.pos = 0

    def numbers(self, count: int, what: str, cast: Callable[[str], Any] = float) -> list:
        if self.pos >= len(self.lines):
            raise ValueError(f'{self.path}: truncated, file ends where line {self.pos + 1} '
                             f'should hold {what}')
        tokens = self.lines[self.pos].split()
        self.pos += 1
        if len(tokens) != count:
            if self.pos == len(self.lines):
                raise ValueError(f'{self.path}: truncated, the last line ({self.pos}) holds '
                                 f'{len(tokens)} of the {count} value(s) of {what}')
            raise ValueError(f'{self.path}: line {self.pos} should hold {what} ({count} '
                             f'value(s)), found {len(tokens)}')
        try:
            values = [cast(t) for t in tokens]
        except ValueError:
            kind = 'an integer' if cast is int else 'a number'
            raise ValueError(f'{self.path}: line {self.pos} ({what}) holds a token that is not '
                             f'{kind}: {excerpt(self.lines[self.pos - 1].strip())}') from None
        # NaN compares false; an int of any size compares without a conversion to float
        if not all(abs(v) <= FLOAT32_MAX for v in values):
            raise ValueError(f'{self.path}: line {self.pos} ({what}) holds NaN, infinity or a '
                             f'value too large for float32: '
                             f'{excerpt(self.lines[self.pos - 1].strip())}')
        return values

    def remaining(self) -> int:
        return len(self.lines) - self.pos

    def count(self, what: str) -> int:
        value = self.numbers(1, what, int)[0]
        if value < 0:
            raise ValueError(f'{self.path}: line {self.pos} ({what}) is negative: {value}')
        return value

    def check_end(self) -> None:
        rest = [i for i in range(self.pos, len(self.lines)) if self.lines[i].strip()]
        if rest:
            raise ValueError(f'{self.path}: unexpected content at line {rest[0] + 1} after the '
                             f'last frame')


def read_skeleton(path: str, num_node: int = 25) -> np.ndarray:
    """All bodies of a ``.skeleton`` file as ``(MAX_KINECT_BODIES, T, V, 3)`` float32, slot
    ``m`` holding the ``m``-th body listed in each frame (zeros where a frame has fewer)."""
    reader = _LineReader(path)
    num_frames = reader.count('the frame count')
    if num_frames == 0:
        raise ValueError(f'{path}: empty sequence (0 frames)')
    check_frame_count(path, num_frames)
    if num_frames > reader.remaining():  # every frame has at least its body-count line
        raise ValueError(f'{path}: truncated, the frame count {num_frames} exceeds the '
                         f'{reader.remaining()} lines that follow it')
    data = np.zeros((MAX_KINECT_BODIES, num_frames, num_node, 3), dtype=np.float32)
    for t in range(num_frames):
        for m in range(reader.count(f'the body count of frame {t + 1}')):
            reader.numbers(BODY_FIELDS, f'the body fields of frame {t + 1}')
            joints = reader.count(f'the joint count of frame {t + 1}')
            if joints != num_node:
                raise ValueError(f'{path}: frame {t + 1} has a body with {joints} joints, '
                                 f'expected {num_node}')
            coords = [reader.numbers(JOINT_FIELDS, f'joint {v + 1} of frame {t + 1}')[:3]
                      for v in range(num_node)]
            if m < MAX_KINECT_BODIES:
                data[m, t] = coords
    reader.check_end()
    return data


def body_motion(body: np.ndarray) -> float:
    """Sum over x, y, z of the standard deviation over the filled frames of ``(T, V, 3)``."""
    filled = body[body.sum(axis=(1, 2)) != 0]
    return float(sum(filled[..., c].std() for c in range(3))) if len(filled) else 0.0


def select_bodies(data: np.ndarray, path: str) -> np.ndarray:
    """The :data:`MAX_BODIES` most moving bodies of ``(M, T, V, 3)``, never-filled ones dropped;
    ties keep the earlier slot first."""
    motion = np.array([body_motion(body) for body in data])
    order = np.argsort(-motion, kind='stable')[:MAX_BODIES]
    kept = [m for m in order if data[m].any()]
    if not kept:
        raise ValueError(f'{path}: no body is tracked in any frame (a sample with missing '
                         f'skeletons: list it in --ignored-samples)')
    return data[kept]


def read_sample(path: str, num_node: int = 25) -> dict:
    """A record with ``keypoint`` ``(M, T, V, 3)`` (``M <= 2``) and the 0-based action label."""
    name = os.path.basename(path)[:-len('.skeleton')]
    keypoint = select_bodies(read_skeleton(path, num_node), path)
    return dict(frame_dir=name, label=parse_name(name)['action'] - 1, keypoint=keypoint,
                total_frames=keypoint.shape[1])


def load_ignored(path: Optional[str]) -> set:
    """Sample names listed one per line in ``path`` (a ``.skeleton`` suffix is allowed)."""
    if path is None:
        return set()
    try:
        with open(path, 'r') as f:
            names = [line.strip() for line in f if line.strip()]
    except OSError as err:
        raise ValueError(f'{path}: cannot read the ignored-samples list ({err})') from None
    return {n[:-len('.skeleton')] if n.endswith('.skeleton') else n for n in names}


def make_split(names: Sequence[str], dataset: str) -> Dict[str, List[str]]:
    """The official splits: NTU60 ``xsub``/``xview``, NTU120 ``xsub``/``xset``."""
    subjects = NTU60_TRAIN_SUBJECTS if dataset == 'ntu60' else NTU120_TRAIN_SUBJECTS
    second = 'xview' if dataset == 'ntu60' else 'xset'
    split = {f'{p}_{s}': [] for p in ('xsub', second) for s in ('train', 'val')}
    for name in names:
        ids = parse_name(name)
        in_train = {'xsub': ids['subject'] in subjects,
                    'xview': ids['camera'] in TRAIN_CAMERAS,
                    'xset': ids['setup'] % 2 == 0}
        for protocol in ('xsub', second):
            split[f'{protocol}_{"train" if in_train[protocol] else "val"}'].append(name)
    return split


def convert_ntu(data_path: str, out: Optional[str] = None, dataset: str = 'ntu60',
                ignored_samples: Optional[str] = None) -> dict:
    """Convert the ``.skeleton`` files in ``data_path`` into the pickle with the official splits
    of ``dataset`` (``'ntu60'``: setups 1-17 only; ``'ntu120'``); write it to ``out`` if given.

    Samples named in the ``ignored_samples`` file are left out. Raises ``ValueError`` naming the
    file on malformed input; nothing is written then.
    """
    if dataset not in DATASETS:
        raise ValueError(f'unknown dataset {dataset!r}; choose one of {sorted(DATASETS)}')
    limits = DATASETS[dataset]
    ignored = load_ignored(ignored_samples)
    paths, skipped = [], 0
    for path in list_files(data_path, '.skeleton'):
        name = os.path.basename(path)[:-len('.skeleton')]
        ids = parse_name(name)
        if ids['action'] > limits['num_classes'] and ids['setup'] <= limits['num_setups']:
            raise ValueError(f'{path}: action {ids["action"]} exceeds the '
                             f'{limits["num_classes"]} classes of {dataset}')
        if name in ignored or ids['setup'] > limits['num_setups']:
            skipped += 1
        else:
            paths.append(path)
    if skipped:
        print(f'left out {skipped} sample(s): ignored or not part of {dataset}')
    num_node = get_layout(LAYOUT).num_node
    records = convert_each(paths, lambda p: read_sample(p, num_node))
    split = make_split([r['frame_dir'] for r in records], dataset)
    anno = build_annotation(records, split, num_node, data_path)
    if out is not None:
        write_annotation(anno, out)
    return anno

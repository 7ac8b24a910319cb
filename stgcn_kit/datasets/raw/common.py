"""What every raw-format converter shares: reading JSON and numbers with errors that name the
file, converting many files behind one progress report with every failure reported on one line,
and validating and writing the annotation pickle atomically."""
import json
import os
import sys
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, TypeVar

import numpy as np

from stgcn_kit.datasets.annotation import validate_record
from stgcn_kit.errors import DataError
from stgcn_kit.utils.io import dump_pickle
from stgcn_kit.utils.progress import Progress

Item = TypeVar('Item')

# a sanity bound on a file's frame count, checked before arrays are allocated for it: far above
# any recorded clip of the supported datasets (NTU and Kinetics clips hold at most 300 frames)
MAX_FRAMES = 100_000


def check_frame_count(path: str, num_frames: int, what: str = 'frame count') -> None:
    """Refuse a ``num_frames`` above :data:`MAX_FRAMES` before anything is allocated for it."""
    if num_frames > MAX_FRAMES:
        raise DataError(f'{path}: {what} {num_frames} is beyond any real clip (more than '
                        f'{MAX_FRAMES}); the file is corrupt')


def load_json(path: str) -> Any:
    """Parse the JSON file ``path``; ``ValueError`` naming the file when it is unreadable."""
    try:
        with open(path, 'r', encoding='utf-8') as f:
            return json.load(f)
    except (OSError, UnicodeDecodeError) as err:
        raise ValueError(f'{path}: cannot read ({err})') from None
    except json.JSONDecodeError as err:
        raise ValueError(f'{path}: unreadable JSON ({err.msg} at line {err.lineno}, '
                         f'column {err.colno})') from None
    except RecursionError:
        raise ValueError(f'{path}: unreadable JSON (arrays or objects nested too deeply, '
                         f'near or beyond {sys.getrecursionlimit()} levels)') from None


def load_npy(path: str, mmap: bool = False) -> np.ndarray:
    """The array in the ``.npy`` file ``path`` (memory-mapped with ``mmap``), never a pickle;
    ``ValueError`` naming the file when it is missing, truncated or its header is corrupt."""
    try:
        return np.load(path, mmap_mode='r' if mmap else None, allow_pickle=False)
    except Exception as err:  # noqa: BLE001 - numpy parses a corrupt header in many ways
        detail = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise ValueError(f'{path}: not a readable .npy array ({detail})') from None


def as_float_array(data: Any, path: str, what: str, ndim: Optional[int] = None) -> np.ndarray:
    """``data`` as a float32 array, or ``ValueError`` naming ``path`` and the field ``what`` when
    it holds non-numbers, NaN, infinity or values beyond float32, is ragged, or does not have
    ``ndim`` dimensions."""
    try:
        with np.errstate(over='ignore'):  # reported below, naming the file
            arr = np.asarray(data, dtype=np.float32)
    except (ValueError, TypeError, OverflowError):
        raise ValueError(f'{path}: {what} holds non-numeric values or rows of unequal '
                         f'length') from None
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f'{path}: {what} has shape {arr.shape}, expected {ndim} dimensions')
    if not np.isfinite(arr).all():
        raise ValueError(f'{path}: {what} holds NaN, infinity or values too large for float32')
    return arr


def convert_each(items: Sequence[Item], convert: Callable[[Item], Optional[dict]],
                 name: Callable[[Item], str] = str) -> List[dict]:
    """Apply ``convert`` to every item behind a progress report and return the records it made
    (``None`` results are skipped samples).

    Every ``ValueError`` is collected rather than raised at once, so that one run lists all the
    bad inputs; they are then raised as one ``ValueError`` whose line starts with the first.
    """
    records, errors = [], []
    bar = Progress(len(items), label='samples')
    for item in items:
        try:
            record = convert(item)
        except ValueError as err:
            errors.append(str(err) or f'{name(item)}: conversion failed')
        else:
            if record is not None:
                records.append(record)
        bar.update()
    bar.close()
    if errors:
        more = f' (and {len(errors) - 1} more bad input(s))' if len(errors) > 1 else ''
        raise ValueError(f'{errors[0]}{more}')
    return records


def build_annotation(records: Iterable[dict], split: Dict[str, List[str]], num_node: int,
                     source: str, classes: Optional[Sequence[str]] = None,
                     num_classes: Optional[int] = None) -> dict:
    """Validate every record (joint count ``num_node``, labels below ``num_classes`` or the
    number of ``classes`` when either is given) and assemble the PYSKL pickle dict.

    Raises ``ValueError`` naming ``source`` when a record is malformed, a label is out of range,
    a split names a sample that has no record, or ``frame_dir`` values repeat.
    """
    records = list(records)
    if not records:
        raise ValueError(f'{source}: no samples found')
    if classes is not None and num_classes is not None and len(classes) != num_classes:
        raise DataError(f'{source}: {len(classes)} class names but {num_classes} classes asked '
                        f'for')
    if num_classes is None and classes is not None:
        num_classes = len(classes)
    names = set()
    for record in records:
        validate_record(record, num_node, source)
        if num_classes is not None and record['label'] >= num_classes:
            raise DataError(f'{source}: sample {record["frame_dir"]!r} has label '
                            f'{record["label"]}, beyond the {num_classes} classes '
                            f'(0-{num_classes - 1})')
        if record['frame_dir'] in names:
            raise ValueError(f'{source}: sample {record["frame_dir"]!r} appears twice')
        names.add(record['frame_dir'])
    for split_name, members in split.items():
        unknown = [m for m in members if m not in names]
        if unknown:
            raise ValueError(f'{source}: split {split_name!r} names {len(unknown)} sample(s) '
                             f'without a record, e.g. {unknown[0]!r}')
    anno = dict(split={k: list(v) for k, v in split.items()}, annotations=records)
    if classes is not None:
        anno['classes'] = list(classes)
    return anno


def write_annotation(anno: dict, out: str) -> None:
    """Write the pickle atomically: ``out`` is either complete or left as it was."""
    dump_pickle(anno, out)
    num = len(anno['annotations'])
    sizes = ', '.join(f'{k}: {len(v)}' for k, v in anno['split'].items())
    print(f'wrote {num} samples ({sizes}) to {out}')


def list_files(folder: str, suffix: str) -> List[str]:
    """Sorted paths of the files in ``folder`` ending with ``suffix``; ``ValueError`` when the
    folder is missing or holds none."""
    if not os.path.isdir(folder):
        raise ValueError(f'{folder}: no such directory')
    paths = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(suffix))
    if not paths:
        raise ValueError(f'{folder}: no *{suffix} files')
    return paths


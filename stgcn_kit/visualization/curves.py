"""Training curves from the scalars mmengine logs.

mmengine's ``LocalVisBackend`` writes ``work_dir/<timestamp>/vis_data/scalars.json`` (and the
same lines as ``<timestamp>.json``): one JSON object a line. Training lines hold ``iter``,
``epoch``, ``step`` (the iteration) and the losses; validation lines hold the metrics and
``step`` (the epoch when training by epoch). The text log ``<timestamp>/<timestamp>.log``, often
all that is shared of a run, holds the same scalars (rounded) and is read into the same records.
"""
import glob
import io
import json
import os
import re
from typing import Dict, List, Sequence, Tuple

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from stgcn_kit.utils.io import atomic_open


def find_scalars(path: str) -> str:
    """``path`` itself when it is a file, else the newest ``<timestamp>/vis_data/scalars.json``
    under the work dir ``path``, else its newest text log ``<timestamp>/<timestamp>.log``."""
    if os.path.isfile(path):
        return path
    runs = sorted(glob.glob(os.path.join(path, '*', 'vis_data', 'scalars.json')))
    if not runs:
        runs = sorted(p for p in glob.glob(os.path.join(path, '*', '*.log'))
                      if os.path.basename(os.path.dirname(p)) + '.log' == os.path.basename(p))
    if not runs:
        raise ValueError(f'{path}: neither a log nor a work dir with '
                         f'<timestamp>/vis_data/scalars.json or <timestamp>/<timestamp>.log')
    return runs[-1]


# "Epoch(train)  [3][20/64]  lr: 4.9e-02  eta: 0:03:44  loss: 1.42 ...": epoch, i / n, scalars
_EPOCH_LINE = re.compile(r'Epoch\((train|val)\)\s*\[(\d+)\]\[\s*(\d+)/(\d+)\]')
_SCALAR = re.compile(r'([\w/.]+): (-?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)(?=\s|$)')


def _load_text_log(path: str) -> List[dict]:
    """The records of an mmengine text log: a training line at iteration ``(epoch - 1) * n + i``,
    the last line of each validation (the one with the metrics) at its epoch."""
    records = []
    with open(path, encoding='utf-8', errors='replace') as f:
        for line in f:
            match = _EPOCH_LINE.search(line)
            if match is None:
                continue
            mode, epoch, i, n = match.group(1), *map(int, match.groups()[1:])
            if mode == 'train':
                record = dict(epoch=epoch, iter=(epoch - 1) * n + i, step=(epoch - 1) * n + i)
            elif i == n:
                record = dict(step=epoch)
            else:
                continue
            record.update((key, float(value))
                          for key, value in _SCALAR.findall(line[match.end():]))
            records.append(record)
    if not records:
        raise ValueError(f'{path}: no "Epoch(train)" or "Epoch(val)" lines of an mmengine '
                         f'text log')
    return records


def load_scalars(path: str) -> List[dict]:
    """The records of an mmengine scalar log (JSON lines) or text log (``.log``), each with a
    ``step``."""
    if path.endswith('.log'):
        return _load_text_log(path)
    records = []
    with open(path, encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f'{path}:{number}: not a JSON line ({err.msg})') from None
            if not isinstance(record, dict) or 'step' not in record:
                raise ValueError(f'{path}:{number}: expected an object with a "step" '
                                 f'(an mmengine scalars.json line)')
            records.append(record)
    if not records:
        raise ValueError(f'{path}: empty log')
    return records


def curve(records: Sequence[dict], key: str) -> Tuple[List[float], List[float], str]:
    """``(steps, values, x label)`` of ``key``: against the iteration for training scalars,
    against the validation step (the epoch) otherwise."""
    found = [r for r in records if key in r]
    if not found:
        available = sorted({k for r in records for k in r} - {'step', 'epoch', 'iter'})
        raise ValueError(f'no scalar {key!r} in the log; available: {available}')
    label = 'iteration' if all('iter' in r for r in found) else 'validation step (epoch)'
    return [r['step'] for r in found], [float(r[key]) for r in found], label


def plot_curves(records: Sequence[dict], keys: Sequence[str], out: str,
                title: str = '') -> Dict[str, int]:
    """Draw one panel per key, stacked, and write the PNG ``out`` atomically.

    Returns:
        the number of points drawn per key.
    """
    curves = {key: curve(records, key) for key in keys}
    fig = Figure(figsize=(7, 2.6 * len(keys)), dpi=100)
    FigureCanvasAgg(fig)
    axes = fig.subplots(len(keys), 1, squeeze=False)[:, 0]
    for ax, (key, (steps, values, label)) in zip(axes, curves.items()):
        ax.plot(steps, values, marker='o' if len(steps) < 30 else None, lw=1.5)
        ax.set_ylabel(key)
        ax.set_xlabel(label)
        ax.grid(alpha=0.3)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format='png')
    with atomic_open(out, 'wb') as f:
        f.write(buffer.getvalue())
    return {key: len(steps) for key, (steps, _, _) in curves.items()}

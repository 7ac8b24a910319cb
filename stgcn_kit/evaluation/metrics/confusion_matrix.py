"""Writes the confusion matrix of the test set as ``.npy`` or as a ``.png`` picture."""
import io
import os
from typing import Dict, List, Optional

import numpy as np

from stgcn_kit.registry import METRICS
from stgcn_kit.utils import atomic_open

from ..functional import confusion_matrix
from ..result_record import stack_records
from .score_metric import ScoreMetric


def _plot(matrix: np.ndarray, class_names: Optional[List[str]]) -> bytes:
    import matplotlib
    matplotlib.use('Agg')  # headless: nothing is shown, only saved
    import matplotlib.pyplot as plt

    num = len(matrix)
    recall = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1)
    fig, ax = plt.subplots(figsize=(max(4, num * 0.4 + 2), ) * 2)
    ax.imshow(recall, cmap='Blues', vmin=0, vmax=1)
    ticks = class_names if class_names and len(class_names) == num else range(num)
    if num <= 60:  # beyond that the labels overlap into a grey smear
        ax.set_xticks(range(num), ticks, rotation=90, fontsize=7)
        ax.set_yticks(range(num), ticks, fontsize=7)
    if num <= 30:  # counts stay legible up to about this many classes
        for true, pred in zip(*np.nonzero(matrix)):
            ax.text(pred, true, str(matrix[true, pred]), ha='center', va='center', fontsize=7,
                    color='white' if recall[true, pred] > 0.5 else 'black')
    ax.set_xlabel('predicted')
    ax.set_ylabel('true')
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format='png', dpi=120)
    plt.close(fig)
    return buffer.getvalue()


@METRICS.register_module()
class SaveConfusionMatrix(ScoreMetric):
    """Saves the ``(num_classes, num_classes)`` counts (row = true class) of the top-1
    predictions: ``.npy`` keeps the int64 counts, ``.png`` draws the row-normalised matrix (with the
    counts written in the cells for up to 30 classes).

    Args:
        out_file: ``*.npy`` or ``*.png``.
        class_names: tick labels of the picture.
        collect_device: where results of all ranks are gathered, ``'cpu'`` or ``'gpu'``.
    """

    def __init__(self, out_file: str, class_names: Optional[List[str]] = None,
                 collect_device: str = 'cpu') -> None:
        super().__init__(collect_device=collect_device)
        self.out_file = str(out_file)
        self.kind = os.path.splitext(self.out_file)[1].lower()
        if self.kind not in ('.npy', '.png'):
            raise ValueError(f'SaveConfusionMatrix: out_file must end with .npy or .png, got '
                             f'{out_file}')
        self.class_names = class_names

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        scores, labels = stack_records(results)
        matrix = confusion_matrix(scores.argmax(axis=1), labels, scores.shape[1])
        with atomic_open(self.out_file, 'wb') as f:
            if self.kind == '.npy':
                np.save(f, matrix)
            else:
                f.write(_plot(matrix, self.class_names))
        return {}

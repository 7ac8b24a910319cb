"""The common first half of every metric here: one ``(frame_dir, gt_label, pred_score)`` record
per test sample."""
from typing import Any, List, Sequence, Tuple

import numpy as np
from mmengine.evaluator import BaseMetric


class ScoreMetric(BaseMetric):
    """Keeps, per sample, ``frame_dir`` (str), ``gt_label`` (int) and ``pred_score`` (float32
    ``(num_classes,)``, already averaged over clips by the recognizer)."""

    # mmengine warns about metrics without a prefix; those that report no numbers need one only
    # for that, those that report numbers name their own
    default_prefix = 'scores'

    def process(self, data_batch: Any, data_samples: Sequence[dict]) -> None:
        for sample in data_samples:
            self.results.append(dict(
                frame_dir=str(sample.get('frame_dir', '')),
                gt_label=int(np.asarray(sample['gt_label'].cpu()).reshape(-1)[0]),
                pred_score=np.asarray(sample['pred_score'].detach().cpu(), dtype=np.float32)))


def stack_records(records: List[dict]) -> Tuple[np.ndarray, np.ndarray]:
    """``(scores (N, num_classes), labels (N,))`` from the records of :class:`ScoreMetric`."""
    return (np.stack([r['pred_score'] for r in records]),
            np.array([r['gt_label'] for r in records], dtype=np.int64))


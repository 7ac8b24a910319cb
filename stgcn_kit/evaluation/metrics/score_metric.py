"""The common first half of every metric here: one result record per test sample."""
from typing import Any, Sequence

from mmengine.evaluator import BaseMetric

from ..result_record import record_from_sample


class ScoreMetric(BaseMetric):
    """Keeps, per sample, a :class:`~stgcn_kit.evaluation.result_record.ResultRecord`
    (``pred_score`` already averaged over clips by the recognizer)."""

    # mmengine warns about metrics without a prefix; those that report no numbers need one only
    # for that, those that report numbers name their own
    default_prefix = 'scores'

    def process(self, data_batch: Any, data_samples: Sequence[dict]) -> None:
        self.results.extend(record_from_sample(sample) for sample in data_samples)

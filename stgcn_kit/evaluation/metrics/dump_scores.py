"""Writes every test sample's scores to a pickle, the input of ``tools/ensemble.py``."""
from typing import Dict, List

from stgcn_kit.registry import METRICS
from stgcn_kit.utils import dump_pickle

from .score_metric import ScoreMetric


@METRICS.register_module()
class DumpScores(ScoreMetric):
    """Pickles (atomically) the list of result records, one per sample
    (:mod:`stgcn_kit.evaluation.result_record`). Reports no numbers.

    Args:
        out_file: the ``.pkl`` to write.
        collect_device: where results of all ranks are gathered, ``'cpu'`` or ``'gpu'``.
    """

    def __init__(self, out_file: str, collect_device: str = 'cpu') -> None:
        super().__init__(collect_device=collect_device)
        if not str(out_file).endswith(('.pkl', '.pickle')):
            raise ValueError(f'DumpScores: out_file must end with .pkl or .pickle, got {out_file}')
        self.out_file = str(out_file)

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        dump_pickle(results, self.out_file)
        return {}

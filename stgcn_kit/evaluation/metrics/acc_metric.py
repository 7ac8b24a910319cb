"""Top-k and mean-class accuracy under mmaction2's metric names."""
from typing import Dict, List, Sequence, Tuple, Union

from stgcn_kit.registry import METRICS

from ..functional import mean_class_accuracy, top_k_accuracy
from ..result_record import stack_records
from .score_metric import ScoreMetric


@METRICS.register_module()
class AccMetric(ScoreMetric):
    """Reports ``acc/top{k}`` for each ``k`` in ``topk`` and ``acc/mean1``.

    Args:
        metric_list: any of ``'top_k_accuracy'``, ``'mean_class_accuracy'``.
        topk: the ``k`` values of top-k accuracy.
        collect_device: where results of all ranks are gathered, ``'cpu'`` or ``'gpu'``.
        prefix: metric-name prefix.
    """
    default_prefix = 'acc'
    allowed_metrics = ('top_k_accuracy', 'mean_class_accuracy')

    def __init__(self, metric_list: Union[str, Sequence[str]] = allowed_metrics,
                 topk: Union[int, Tuple[int, ...]] = (1, 5), collect_device: str = 'cpu',
                 prefix: str = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.metric_list = (metric_list, ) if isinstance(metric_list, str) else tuple(metric_list)
        unknown = set(self.metric_list) - set(self.allowed_metrics)
        if unknown:
            raise ValueError(f'AccMetric: unknown metrics {sorted(unknown)}; choose from '
                             f'{self.allowed_metrics}')
        self.topk = (topk, ) if isinstance(topk, int) else tuple(topk)

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        scores, labels = stack_records(results)
        metrics = {}
        if 'top_k_accuracy' in self.metric_list:
            topk = [k for k in self.topk if k <= scores.shape[1]]
            for k, acc in zip(topk, top_k_accuracy(scores, labels, topk)):
                metrics[f'top{k}'] = acc
        if 'mean_class_accuracy' in self.metric_list:
            metrics['mean1'] = mean_class_accuracy(scores, labels)
        return metrics

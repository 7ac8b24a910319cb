from .acc_metric import AccMetric
from .confusion_matrix import SaveConfusionMatrix
from .dump_scores import DumpScores

__all__ = ['AccMetric', 'DumpScores', 'SaveConfusionMatrix']

"""Accuracy measures, the mmengine metrics built on them, and score fusion."""
from .functional import confusion_matrix, mean_class_accuracy, top_k_accuracy
from .fusion import accuracy_summary, fuse_streams, load_stream
from .metrics import AccMetric, DumpScores, SaveConfusionMatrix

__all__ = ['AccMetric', 'accuracy_summary', 'DumpScores', 'SaveConfusionMatrix', 'confusion_matrix',
           'fuse_streams', 'load_stream', 'mean_class_accuracy', 'top_k_accuracy']

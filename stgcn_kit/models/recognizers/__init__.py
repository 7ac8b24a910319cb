"""Recognizers, registered in ``MODELS``: ``RecognizerGCN``."""
from .recognizer_gcn import RecognizerGCN

__all__ = ['RecognizerGCN']

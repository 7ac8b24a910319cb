"""Recognizers, registered in ``MODELS``: ``RecognizerGCN``, ``Recognizer3D``."""
from .recognizer3d import Recognizer3D
from .recognizer_gcn import RecognizerGCN

__all__ = ['Recognizer3D', 'RecognizerGCN']

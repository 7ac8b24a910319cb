"""Models: importing this package registers every backbone, head, recognizer and preprocessor."""
from .backbones import AAGCN, AGCN, STGCN
from .data_preprocessor import GCNDataPreprocessor
from .heads import GCNHead
from .recognizers import RecognizerGCN

__all__ = ['AAGCN', 'AGCN', 'GCNDataPreprocessor', 'GCNHead', 'RecognizerGCN', 'STGCN']

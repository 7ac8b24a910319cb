"""Models: importing this package registers every backbone, head, loss, recognizer and
preprocessor."""
from .backbones import AAGCN, AGCN, STGCN
from .data_preprocessor import GCNDataPreprocessor
from .heads import GCNHead
from .losses import CBFocalLoss, CrossEntropyLoss
from .recognizers import RecognizerGCN

__all__ = ['AAGCN', 'AGCN', 'CBFocalLoss', 'CrossEntropyLoss', 'GCNDataPreprocessor', 'GCNHead',
           'RecognizerGCN', 'STGCN']

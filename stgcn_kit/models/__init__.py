"""Models: importing this package registers every backbone, head, loss, recognizer and
preprocessor."""
from .backbones import (
    AAGCN,
    AGCN,
    C3D,
    CTRGCN,
    DGSTGCN,
    MSG3D,
    STGCN,
    TCN,
    X3D,
    ResNet3d,
    ResNet3dSlowOnly,
)
from .data_preprocessor import GCNDataPreprocessor
from .heads import GCNHead, I3DHead
from .losses import CBFocalLoss, CrossEntropyLoss
from .pretrained import SafePretrainedInit
from .recognizers import Recognizer3D, RecognizerGCN

__all__ = ['AAGCN', 'AGCN', 'C3D', 'CBFocalLoss', 'CTRGCN', 'CrossEntropyLoss', 'DGSTGCN',
           'GCNDataPreprocessor', 'GCNHead', 'I3DHead', 'MSG3D', 'Recognizer3D', 'RecognizerGCN',
           'ResNet3d', 'ResNet3dSlowOnly', 'STGCN', 'SafePretrainedInit', 'TCN', 'X3D']

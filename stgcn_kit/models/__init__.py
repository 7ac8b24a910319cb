"""Models: importing this package registers every backbone, head, recognizer and preprocessor."""
from .backbones import AAGCN, AGCN, C3D, STGCN, X3D, ResNet3d, ResNet3dSlowOnly
from .data_preprocessor import GCNDataPreprocessor
from .heads import GCNHead, I3DHead
from .recognizers import Recognizer3D, RecognizerGCN

__all__ = ['AAGCN', 'AGCN', 'GCNDataPreprocessor', 'GCNHead', 'RecognizerGCN', 'STGCN', 'C3D',
           'X3D', 'ResNet3d', 'ResNet3dSlowOnly', 'I3DHead', 'Recognizer3D']

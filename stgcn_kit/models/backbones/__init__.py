"""Skeleton backbones, registered in ``MODELS``: the graph networks ``STGCN``, ``AAGCN``,
``AGCN``, ``CTRGCN``, ``MSG3D``, ``DGSTGCN``; the ST-GCN paper's baseline ``TCN``; the
PoseC3D 3D CNNs ``ResNet3d``, ``ResNet3dSlowOnly``, ``C3D``, ``X3D``."""
from .aagcn import AAGCN, AGCN
from .c3d import C3D
from .ctrgcn import CTRGCN
from .dgstgcn import DGSTGCN
from .msg3d import MSG3D
from .resnet3d_slowonly import ResNet3d, ResNet3dSlowOnly
from .stgcn import STGCN
from .tcn import TCN
from .x3d import X3D

__all__ = ['AAGCN', 'AGCN', 'CTRGCN', 'DGSTGCN', 'MSG3D', 'STGCN', 'TCN', 'C3D', 'ResNet3d',
           'ResNet3dSlowOnly', 'X3D']

"""A stand-in PYSKL checkout for the benchmark's PYSKL loader, so that its tests need neither
PYSKL's code nor the network.

Each file imports what PYSKL's file of that name imports from mmcv 1.x and PYSKL's own
package (so the loader's stand-ins are exercised) and defines PYSKL's class names as
subclasses of this package's classes: the same computation, unless ``offset`` is given, which
every PoseC3D and GCN head's scores and every heatmap volume then carry (a different
computation).
"""
from pathlib import Path

import pytest

_FILES = {
    'models/cnns/resnet3d': '''
from mmcv.cnn import ConvModule, build_activation_layer, constant_init, kaiming_init
from mmcv.runner import _load_checkpoint, load_checkpoint
from mmcv.utils import _BatchNorm
from ...utils import cache_checkpoint, get_root_logger
from ..builder import BACKBONES
''',
    'models/cnns/resnet3d_slowonly': '''
from ..builder import BACKBONES
from .resnet3d import _BatchNorm
from stgcn_kit.models.backbones.resnet3d_slowonly import ResNet3dSlowOnly as _Ours

@BACKBONES.register_module()
class ResNet3dSlowOnly(_Ours):
    pass
''',
    'models/cnns/c3d': '''
from mmcv.cnn import ConvModule, kaiming_init
from mmcv.runner import load_checkpoint
from ...utils import cache_checkpoint, get_root_logger
from ..builder import BACKBONES
from stgcn_kit.models.backbones.c3d import C3D as _Ours

@BACKBONES.register_module()
class C3D(_Ours):
    pass
''',
    'models/cnns/x3d': '''
from mmcv.cnn import ConvModule, Swish, build_activation_layer, constant_init, kaiming_init
from mmcv.runner import load_checkpoint
from mmcv.utils import _BatchNorm
from ..builder import BACKBONES
from stgcn_kit.models.backbones.x3d import X3D as _Ours

@BACKBONES.register_module()
class X3D(_Ours):
    pass
''',
    'models/heads/base': '''
from ...core import top_k_accuracy
from ..builder import build_loss
''',
    'models/heads/simple_head': '''
import torch
from torch import nn
from mmcv.cnn import normal_init
from ..builder import HEADS, build_loss

OFFSET = {offset}

@HEADS.register_module()
class I3DHead(nn.Module):
    def __init__(self, num_classes, in_channels, loss_cls=dict(type='CrossEntropyLoss'),
                 dropout=0.5, init_std=0.01, **kwargs):
        super().__init__()
        self.loss_cls = build_loss(loss_cls)
        self.dropout = nn.Dropout(p=dropout)
        self.fc_cls = nn.Linear(in_channels, num_classes)

    def forward(self, x):
        x = nn.AdaptiveAvgPool3d(1)(x).flatten(1)
        return self.fc_cls(self.dropout(x)) + OFFSET

@HEADS.register_module()
class GCNHead(nn.Module):
    def __init__(self, num_classes, in_channels, loss_cls=dict(type='CrossEntropyLoss'),
                 dropout=0., init_std=0.01, **kwargs):
        super().__init__()
        self.loss_cls = build_loss(loss_cls)
        self.dropout = nn.Dropout(p=dropout)
        self.fc_cls = nn.Linear(in_channels, num_classes)

    def forward(self, x):  # (N, M, C, T, V)
        return self.fc_cls(self.dropout(x.mean((3, 4)).mean(1))) + OFFSET
''',
    'utils/graph': '''
import numpy as np
import torch
from stgcn_kit.models.graph import Graph
''',
    'models/gcns/utils/init_func': '''
import math
import torch.nn as nn

def conv_branch_init(conv, branches):
    pass

def conv_init(conv):
    pass

def bn_init(bn, scale):
    pass
''',
    'models/gcns/utils/tcn': '''
from mmcv.cnn import build_norm_layer
from .init_func import bn_init, conv_init
''',
    'models/gcns/utils/gcn': '''
from mmcv.cnn import build_activation_layer, build_norm_layer
from .init_func import bn_init, conv_branch_init, conv_init
''',
    'models/gcns/utils/msg3d_utils': '''
from mmcv.cnn import build_activation_layer
from mmcv.utils import _BatchNorm
from ....utils.graph import Graph
from stgcn_kit.models.gcn import ST_MSGCN
''',
    'models/gcns/stgcn': '''
from mmcv.runner import load_checkpoint
from ...utils import Graph, cache_checkpoint
from ..builder import BACKBONES
from stgcn_kit.models import STGCN as _Ours

class STGCN(_Ours):
    pass
''',
    'models/gcns/aagcn': '''
from mmcv.runner import load_checkpoint
from ...utils import Graph, cache_checkpoint
from ..builder import BACKBONES
from stgcn_kit.models import AAGCN as _Ours

class AAGCN(_Ours):
    pass
''',
    'models/gcns/ctrgcn': '''
from ...utils import Graph
from ..builder import BACKBONES
from .utils import ST_MSGCN
from stgcn_kit.models import CTRGCN as _Ours

class CTRGCN(_Ours):
    pass
''',
    'models/gcns/msg3d': '''
from ...utils.graph import Graph
from ..builder import BACKBONES
from stgcn_kit.models import MSG3D as _Ours

class MSG3D(_Ours):
    pass
''',
    'models/gcns/dgstgcn': '''
from mmcv.runner import load_checkpoint
from ...utils import Graph, cache_checkpoint
from ..builder import BACKBONES
from stgcn_kit.models import DGSTGCN as _Ours

class DGSTGCN(_Ours):
    pass
''',
    'datasets/pipelines/sampling': '''
from pyskl.utils import warning_r0
from ..builder import PIPELINES
from stgcn_kit.datasets.transforms import UniformSampleFrames
''',
    'datasets/pipelines/formatting': '''
import torch
from mmcv.parallel import DataContainer as DC
from ..builder import PIPELINES
from stgcn_kit.datasets.transforms import FormatShape

class ToTensor:
    def __init__(self, keys):
        self.keys = keys

    def __call__(self, results):
        for key in self.keys:
            results[key] = torch.as_tensor(results[key])
        return results

class Rename:
    pass
''',
    'datasets/pipelines/pose_related': '''
from ..builder import PIPELINES
from .compose import Compose
from .formatting import Rename
from stgcn_kit.datasets.transforms import PoseDecode
''',
    'datasets/pipelines/augmentations': '''
import mmcv
import numpy as np
assert np.Inf == np.inf and mmcv.is_tuple_of((1., 2.), float)
from ..builder import PIPELINES
from stgcn_kit.datasets.transforms import CenterCrop, Flip, PoseCompact, RandomResizedCrop, Resize
''',
    'datasets/pipelines/heatmap_related': '''
from ..builder import PIPELINES
from stgcn_kit.datasets.transforms import GeneratePoseTarget as _Ours

class GeneratePoseTarget(_Ours):
    def transform(self, results):
        results = super().transform(results)
        results['imgs'] = results['imgs'] + {offset}
        return results
''',
}


def write_fake_pyskl(root: Path, offset: float = 0.) -> Path:
    """A stand-in PYSKL checkout under ``root`` (see the module docstring)."""
    for rel, text in _FILES.items():
        path = root / 'pyskl' / f'{rel}.py'
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace('{offset}', repr(float(offset))))
    return root


@pytest.fixture
def fake_pyskl(tmp_path) -> Path:
    """A stand-in PYSKL checkout computing what this package computes."""
    return write_fake_pyskl(tmp_path / 'same')


@pytest.fixture
def wrong_pyskl(tmp_path) -> Path:
    """A stand-in PYSKL checkout whose head scores and heatmaps are off by 0.5."""
    return write_fake_pyskl(tmp_path / 'wrong', offset=0.5)

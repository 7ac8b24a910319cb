"""The models, inputs and single steps (a training step, an inference batch) that get timed."""
import contextlib
import copy
import os
from typing import Callable, Optional, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from stgcn_kit.models.backbones import C3D, CTRGCN, X3D, ResNet3d
from stgcn_kit.models.backbones.base_gcn import BaseGCN
from stgcn_kit.registry import MODELS
from stgcn_kit.utils.config import read_config

#: backbones benchmarked by name: PYSKL's NTU RGB+D settings, a 60-class head
BACKBONES = {
    'STGCN': dict(type='STGCN', graph_cfg=dict(layout='nturgb+d', mode='stgcn_spatial')),
    'STGCN++': dict(type='STGCN', graph_cfg=dict(layout='nturgb+d', mode='spatial'),
                    gcn_adaptive='init', gcn_with_res=True, tcn_type='mstcn'),
    'AAGCN': dict(type='AAGCN', graph_cfg=dict(layout='nturgb+d', mode='spatial')),
    'AGCN': dict(type='AGCN', graph_cfg=dict(layout='nturgb+d', mode='spatial')),
    'CTRGCN': dict(type='CTRGCN', graph_cfg=dict(layout='nturgb+d', mode='spatial')),
    'MSG3D': dict(type='MSG3D', graph_cfg=dict(layout='nturgb+d', mode='binary_adj')),
    'DGSTGCN': dict(type='DGSTGCN', gcn_ratio=0.125, gcn_ctr='T', gcn_ada='T',
                    tcn_ms_cfg=[(3, 1), (3, 2), (3, 3), (3, 4), ('max', 3), '1x1'],
                    graph_cfg=dict(layout='nturgb+d', mode='random', num_filter=8,
                                   init_off=.04, init_std=.02)),
}
#: the width of a backbone's output where it is not 256
HEAD_IN_CHANNELS = {'MSG3D': 384}

_MODEL_CONFIGS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), 'configs', '_base_', 'models')

#: PoseC3D models benchmarked by name: PYSKL's NTU RGB+D keypoint settings (17 heatmaps in)
POSEC3D = {'SlowOnly-R50': os.path.join(_MODEL_CONFIGS, 'posec3d_slowonly_r50.py'),
           'C3D-light': os.path.join(_MODEL_CONFIGS, 'posec3d_c3d_light.py'),
           'X3D-shallow': os.path.join(_MODEL_CONFIGS, 'posec3d_x3d_shallow.py')}

#: PYSKL's PoseC3D clip: 48 frames, 56 x 56 crops in training, 64 x 64 at test time
POSEC3D_CLIP_LEN = 48
POSEC3D_SIZE = dict(train=56, infer=64)


def model_cfg(config_or_backbone: str) -> dict:
    """The recognizer config of a config file (``*.py``) or of a name in :data:`BACKBONES`
    or :data:`POSEC3D`."""
    config_or_backbone = POSEC3D.get(config_or_backbone, config_or_backbone)
    if config_or_backbone.endswith('.py'):
        return read_config(config_or_backbone).model.to_dict()
    if config_or_backbone not in BACKBONES:
        raise ValueError(f'{config_or_backbone!r} is neither a config file (*.py) nor a '
                         f'model name: {sorted(BACKBONES) + sorted(POSEC3D)}')
    return dict(type='RecognizerGCN', backbone=BACKBONES[config_or_backbone],
                cls_head=dict(type='GCNHead', num_classes=60,
                              in_channels=HEAD_IN_CHANNELS.get(config_or_backbone, 256)))


def has_fast_path(cfg: dict) -> bool:
    """Whether the backbone of recognizer config ``cfg`` takes ``impl`` (``'fast'`` or
    ``'plain'``): the :class:`BaseGCN` backbones, CTR-GCN and the PoseC3D ones (X3D, C3D,
    ResNet3d) do; MS-G3D has one implementation."""
    return issubclass(MODELS.get(cfg['backbone']['type']),
                      (BaseGCN, CTRGCN, X3D, C3D, ResNet3d))


def is_posec3d(cfg: dict) -> bool:
    """Whether the recognizer config ``cfg`` is a heatmap-volume (PoseC3D) model."""
    return cfg['type'] == 'Recognizer3D'


def random_batch(model: nn.Module, batch_size: int, clip_len: int, device: torch.device,
                 padded_fraction: float = 0., size: Optional[int] = None
                 ) -> Tuple[torch.Tensor, torch.Tensor]:
    """Inputs shaped for ``model`` and random class labels.

    Graph models get ``(N, M, T, V, C)`` skeletons; with ``M > 1``, the last person of the first
    ``padded_fraction`` of the samples is zero, as formatting pads one-person clips (most of
    NTU RGB+D's). PoseC3D models (an ``in_channels`` backbone without a graph) get heatmap
    volumes ``(N, 1, C, T, size, size)``, one view per sample, values in [0, 1)."""
    backbone = model.backbone
    num_classes = model.cls_head.fc_cls.out_features
    gen = torch.Generator().manual_seed(0)
    if not hasattr(backbone, 'graph'):
        if size is None:
            raise ValueError('random_batch: a PoseC3D model needs the heatmap size')
        # the stem is the backbone's first convolution
        stem = next(m for m in backbone.modules() if isinstance(m, nn.Conv3d))
        shape = (batch_size, 1, stem.in_channels, clip_len, size, size)
        inputs = torch.rand(shape, generator=gen).to(device)
        return inputs, torch.randint(num_classes, (batch_size,), generator=gen).to(device)
    shape = (batch_size, backbone.num_person, clip_len, backbone.graph.num_node,
             backbone.in_channels)
    inputs = torch.randn(shape, generator=gen).to(device)
    labels = torch.randint(num_classes, (batch_size,), generator=gen).to(device)
    if shape[1] > 1:
        inputs[:round(padded_fraction * batch_size), -1] = 0
    return inputs, labels


def _vary_norms(model: nn.Module, seed: int) -> None:
    """Seeded BatchNorm weights, biases and running statistics: torch's defaults (1, 0, 0, 1)
    make eval-mode BN the identity, so an output comparison would not cover it."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                for t, low, high in ((m.weight, 0.5, 1.5), (m.bias, -0.1, 0.1),
                                     (m.running_mean, -0.1, 0.1), (m.running_var, 0.5, 1.5)):
                    t.copy_(torch.empty(t.shape).uniform_(low, high, generator=gen))


def build_model(cfg: dict, device: torch.device, impl: str = 'fast') -> nn.Module:
    """The recognizer of ``cfg`` on ``device``, seeded so every build has the same weights.

    Models with a fast path take their backbone's implementation ``impl`` (``'fast'`` or
    ``'plain'``), the others have one (``impl`` unused); PoseC3D models get seeded BatchNorm
    values."""
    torch.manual_seed(0)
    np.random.seed(0)  # DG-STGCN's random graph mode draws from NumPy
    cfg = copy.deepcopy(cfg)
    if has_fast_path(cfg):
        cfg['backbone']['impl'] = impl
    model = MODELS.build(cfg)
    if is_posec3d(cfg):
        _vary_norms(model, seed=0)
    return model.to(device)


def _autocast(device: torch.device, amp: bool) -> contextlib.AbstractContextManager:
    # float16 on CUDA (with loss scaling); bfloat16 is the CPU autocast type
    dtype = torch.float16 if device.type == 'cuda' else torch.bfloat16
    return torch.autocast(device_type=device.type, dtype=dtype, enabled=amp)


def train_step_fn(model: nn.Module, inputs: torch.Tensor, labels: torch.Tensor,
                  amp: bool = False) -> Callable[[], None]:
    """One SGD step: forward, cross-entropy, backward, update (loss-scaled under CUDA AMP)."""
    device = inputs.device
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9)
    scaler = torch.amp.GradScaler(device.type, enabled=amp and device.type == 'cuda')

    def step() -> None:
        model.train()
        with _autocast(device, amp):
            loss = F.cross_entropy(model(inputs, mode='tensor'), labels)
        optimizer.zero_grad(set_to_none=True)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
    return step


def infer_fn(model: nn.Module, inputs: torch.Tensor,
             amp: bool = False) -> Callable[[], torch.Tensor]:
    """Eval-mode class scores ``(N, num_classes)`` of ``inputs`` without autograd."""
    def step() -> torch.Tensor:
        model.eval()
        with torch.no_grad(), _autocast(inputs.device, amp):
            return model(inputs, mode='tensor')
    return step

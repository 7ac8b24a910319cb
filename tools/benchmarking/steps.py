"""The models, inputs and single steps (a training step, an inference batch) that get timed."""
import contextlib
import copy
from typing import Callable, Tuple

import torch
import torch.nn.functional as F
from torch import nn

from stgcn_kit.registry import MODELS
from stgcn_kit.utils.config import read_config

#: backbones benchmarked by name: PYSKL's NTU RGB+D settings, a 60-class head
BACKBONES = {
    'STGCN': dict(type='STGCN', graph_cfg=dict(layout='nturgb+d', mode='stgcn_spatial')),
    'STGCN++': dict(type='STGCN', graph_cfg=dict(layout='nturgb+d', mode='spatial'),
                    gcn_adaptive='init', gcn_with_res=True, tcn_type='mstcn'),
    'AAGCN': dict(type='AAGCN', graph_cfg=dict(layout='nturgb+d', mode='spatial')),
    'AGCN': dict(type='AGCN', graph_cfg=dict(layout='nturgb+d', mode='spatial')),
}


def model_cfg(config_or_backbone: str) -> dict:
    """The recognizer config of a config file (``*.py``) or of a name in :data:`BACKBONES`."""
    if config_or_backbone.endswith('.py'):
        return read_config(config_or_backbone).model.to_dict()
    if config_or_backbone not in BACKBONES:
        raise ValueError(f'{config_or_backbone!r} is neither a config file (*.py) nor a '
                         f'backbone name: {sorted(BACKBONES)}')
    return dict(type='RecognizerGCN', backbone=BACKBONES[config_or_backbone],
                cls_head=dict(type='GCNHead', num_classes=60, in_channels=256))


def random_batch(model: nn.Module, batch_size: int, clip_len: int, device: torch.device,
                 padded_fraction: float = 0.) -> Tuple[torch.Tensor, torch.Tensor]:
    """Inputs ``(N, M, T, V, C)`` shaped for ``model``'s backbone and random class labels.

    With ``M > 1``, the last person of the first ``padded_fraction`` of the samples is zero, as
    formatting pads one-person clips (most of NTU RGB+D's)."""
    backbone = model.backbone
    shape = (batch_size, backbone.num_person, clip_len, backbone.graph.num_node,
             backbone.in_channels)
    num_classes = model.cls_head.fc_cls.out_features
    gen = torch.Generator().manual_seed(0)
    inputs = torch.randn(shape, generator=gen).to(device)
    labels = torch.randint(num_classes, (batch_size,), generator=gen).to(device)
    if shape[1] > 1:
        inputs[:round(padded_fraction * batch_size), -1] = 0
    return inputs, labels


def build_model(cfg: dict, device: torch.device, impl: str = 'fast') -> nn.Module:
    """The recognizer of ``cfg`` with its backbone's implementation ``impl`` (``'fast'`` or
    ``'plain'``) on ``device``, seeded so every build has the same weights."""
    torch.manual_seed(0)
    cfg = copy.deepcopy(cfg)
    cfg['backbone']['impl'] = impl
    return MODELS.build(cfg).to(device)


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

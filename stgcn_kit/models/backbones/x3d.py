"""X3D, and with PoseC3D's settings X3D-shallow (PYSKL / mmaction2 names)."""
import math
from typing import Optional, Sequence

import torch
from mmengine.model import BaseModule
from torch import nn

from ...registry import MODELS
from .conv3d import conv3d_bn, fast_input, freeze, init_cnn3d, plain_output, set_norm_eval, use_impl


def round_width(width: float, multiplier: float, min_width: int = 8, divisor: int = 8) -> int:
    """``width * multiplier`` rounded to a multiple of ``divisor`` (never below ``min_width``
    nor under 90% of the exact value), as X3D sizes its channels."""
    if not multiplier:
        return int(width)
    width *= multiplier
    out = max(min_width, int(width + divisor / 2) // divisor * divisor)
    return int(out + divisor if out < 0.9 * width else out)


class SEModule(nn.Module):
    """Squeeze and excitation: ``x * sigmoid(fc2(relu(fc1(mean(x)))))``."""

    def __init__(self, channels: int, reduction: float) -> None:
        super().__init__()
        bottleneck = round_width(channels, reduction)
        self.avg_pool = nn.AdaptiveAvgPool3d(1)
        self.fc1 = nn.Conv3d(channels, bottleneck, kernel_size=1)
        self.relu = nn.ReLU()
        self.fc2 = nn.Conv3d(bottleneck, channels, kernel_size=1)
        self.sigmoid = nn.Sigmoid()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.sigmoid(self.fc2(self.relu(self.fc1(self.avg_pool(x)))))


class BlockX3D(nn.Module):
    """1x1x1 expansion -> channel-wise 3x3x3 (spatial stride) -> [SE] -> [swish] -> 1x1x1
    projection, plus a shortcut."""

    def __init__(self, inplanes: int, planes: int, outplanes: int, spatial_stride: int = 1,
                 downsample: Optional[nn.Module] = None, se_ratio: Optional[float] = None,
                 use_swish: bool = True) -> None:
        super().__init__()
        # registered in PYSKL's order, so that state dicts list their keys alike
        self.downsample = downsample
        self.conv1 = conv3d_bn(inplanes, planes, 1)
        self.conv2 = conv3d_bn(planes, planes, 3, stride=(1, spatial_stride, spatial_stride),
                               padding=1, groups=planes, act=None)
        self.swish = nn.SiLU() if use_swish else nn.Identity()
        self.conv3 = conv3d_bn(planes, outplanes, 1, act=None)
        self.se_module = SEModule(planes, se_ratio) if se_ratio is not None else None
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.conv2(self.conv1(x))
        if self.se_module is not None:
            out = self.se_module(out)
        out = self.conv3(self.swish(out))
        return self.relu(out + (x if self.downsample is None else self.downsample(x)))


@MODELS.register_module()
class X3D(BaseModule):
    """X3D: a factorised stem (``conv1_s`` 1x3x3 stride 2, ``conv1_t`` channel-wise 5x1x1),
    stages of :class:`BlockX3D` and a 1x1x1 ``conv5``.

    PoseC3D's X3D-shallow: ``gamma_d=1, in_channels=17, base_channels=24, num_stages=3,
    se_ratio=None, use_swish=False, stage_blocks=(2, 5, 3), spatial_strides=(2, 2, 2)``,
    ``(N, 17, 48, 56, 56)`` -> ``(N, 216, 48, 4, 4)``.

    Args:
        gamma_w / gamma_b / gamma_d: width, bottleneck and depth multipliers.
        in_channels, base_channels, num_stages, stage_blocks, spatial_strides: as named.
        se_style: SE in ``'half'`` (every other) or ``'all'`` blocks; ``se_ratio`` None: none.
        use_swish: swish after the channel-wise convolution.
        frozen_stages, norm_eval, zero_init_residual: as in ``ResNet3d``.
        pretrained: unsupported (use ``load_from``); accepted as None.
        impl: ``'fast'`` (default) computes with :mod:`stgcn_kit.models.fast.cnn3d`
            (channels-last on the CPU, folded eval-mode BatchNorms), ``'plain'`` as written
            (PYSKL's code paths). Same parameters and state dict, same math.
    """

    def __init__(self, gamma_w: float = 1.0, gamma_b: float = 2.25, gamma_d: float = 2.2,
                 in_channels: int = 3, base_channels: int = 24, num_stages: int = 4,
                 stage_blocks: Sequence[int] = (1, 2, 5, 3),
                 spatial_strides: Sequence[int] = (2, 2, 2, 2), frozen_stages: int = -1,
                 se_style: str = 'half', se_ratio: Optional[float] = 1 / 16,
                 use_swish: bool = True, norm_eval: bool = False,
                 zero_init_residual: bool = True, pretrained: Optional[str] = None,
                 init_cfg: Optional[dict] = None, impl: str = 'fast') -> None:
        super().__init__(init_cfg=init_cfg)
        if se_style not in ('all', 'half'):
            raise ValueError(f"se_style must be 'all' or 'half', got {se_style!r}")
        if not 1 <= num_stages <= 4 or len(spatial_strides) != num_stages:
            raise ValueError(f'X3D: num_stages={num_stages} must be 1 to 4 and match '
                             f'spatial_strides {spatial_strides}')
        if pretrained is not None:
            raise ValueError("X3D: pretrained= is not supported; use the config's load_from")
        self.frozen_stages = frozen_stages
        self.norm_eval = norm_eval
        self.zero_init_residual = zero_init_residual
        base = round_width(base_channels, gamma_w)
        blocks = [int(math.ceil(gamma_d * b)) if gamma_d else b for b in stage_blocks]
        self.conv1_s = conv3d_bn(in_channels, base, (1, 3, 3), stride=(1, 2, 2),
                                 padding=(0, 1, 1), act=None, norm=False)
        self.conv1_t = conv3d_bn(base, base, (5, 1, 1), padding=(2, 0, 0), groups=base)
        self.res_layers = []
        layer_in = base
        for i, n in enumerate(blocks[:num_stages]):
            width = base * 2 ** i
            planes = int(width * gamma_b)
            stride = spatial_strides[i]
            downsample = None
            if stride != 1 or layer_in != width:
                downsample = conv3d_bn(layer_in, width, 1, stride=(1, stride, stride), act=None)
            use_se = [se_style == 'all' or j % 2 == 0 for j in range(n)]
            layer = nn.Sequential(*[
                BlockX3D(layer_in if j == 0 else width, planes, width,
                         spatial_stride=stride if j == 0 else 1,
                         downsample=downsample if j == 0 else None,
                         se_ratio=se_ratio if use_se[j] else None, use_swish=use_swish)
                for j in range(n)])
            layer_in = width
            self.add_module(f'layer{i + 1}', layer)
            self.res_layers.append(f'layer{i + 1}')
        self.conv5 = conv3d_bn(layer_in, int(layer_in * gamma_b), 1)
        self.feat_dim = int(layer_in * gamma_b)
        use_impl(self, impl)

    def init_weights(self) -> None:
        """PYSKL's initialisation (Kaiming convolutions, zero last BN per block)."""
        if self.init_cfg is not None:
            return super().init_weights()
        zero = [m.conv3.bn for m in self.modules() if isinstance(m, BlockX3D)]
        init_cnn3d(self, zero if self.zero_init_residual else ())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C, T, H, W)`` -> ``(N, feat_dim, T, H / 2**(num_stages + 1), ...)``."""
        x = self.conv1_t(self.conv1_s(fast_input(self, x)))
        for name in self.res_layers:
            x = getattr(self, name)(x)
        return plain_output(self.conv5(x))

    def train(self, mode: bool = True) -> 'X3D':
        super().train(mode)
        if self.frozen_stages >= 0:
            freeze([self.conv1_s, self.conv1_t] + [getattr(self, f'layer{i}')
                                                   for i in range(1, self.frozen_stages + 1)])
        if mode and self.norm_eval:
            set_norm_eval(self)
        return self

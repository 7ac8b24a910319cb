"""C3D, and with PoseC3D's settings C3D-light (PYSKL / mmaction2 names)."""
from typing import Optional

import torch
from mmengine.model import BaseModule
from torch import nn

from ...registry import MODELS
from ..fast.cnn3d import avg_pool3d
from .conv3d import conv3d_bn, fast_input, init_cnn3d, plain_output, use_impl


@MODELS.register_module()
class C3D(BaseModule):
    """Plain 3x3x3 conv + BN + ReLU stacks with average pooling between them, no classifier.

    PoseC3D's C3D-light: ``in_channels=17, base_channels=32, num_stages=3,
    temporal_downsample=False``, ``(N, 17, 48, 56, 56)`` -> ``(N, 256, 48, 7, 7)``.

    Args:
        in_channels: input channels.
        base_channels: width of ``conv1a``; later stages double it up to 8 times.
        num_stages: 3 (up to ``conv4b``) or 4 (adds ``pool4``, ``conv5a``, ``conv5b``).
        temporal_downsample: pool 2x2x2 after stages 2 and 3 (else only spatially).
        pretrained: unsupported (use ``load_from``); accepted as None.
        impl: ``'fast'`` (default) computes with :mod:`stgcn_kit.models.fast.cnn3d`
            (channels-last on the CPU, folded eval-mode BatchNorms), ``'plain'`` as written
            (PYSKL's code paths). Same parameters and state dict, same math.
    """

    def __init__(self, in_channels: int = 3, base_channels: int = 64, num_stages: int = 4,
                 temporal_downsample: bool = True, pretrained: Optional[str] = None,
                 init_cfg: Optional[dict] = None, impl: str = 'fast') -> None:
        super().__init__(init_cfg=init_cfg)
        if num_stages not in (3, 4):
            raise ValueError(f'C3D num_stages must be 3 or 4, got {num_stages}')
        if pretrained is not None:
            raise ValueError("C3D: pretrained= is not supported; use the config's load_from")
        self.num_stages = num_stages
        c = base_channels
        pool = (2, 2, 2) if temporal_downsample else (1, 2, 2)

        def conv(i, o):
            return conv3d_bn(i, o, 3, padding=1)

        self.conv1a = conv(in_channels, c)
        self.pool1 = nn.AvgPool3d(kernel_size=(1, 2, 2), stride=(1, 2, 2))
        self.conv2a = conv(c, 2 * c)
        self.pool2 = nn.AvgPool3d(kernel_size=pool, stride=pool)
        self.conv3a = conv(2 * c, 4 * c)
        self.conv3b = conv(4 * c, 4 * c)
        self.pool3 = nn.AvgPool3d(kernel_size=pool, stride=pool)
        self.conv4a = conv(4 * c, 8 * c)
        self.conv4b = conv(8 * c, 8 * c)
        if num_stages == 4:
            self.pool4 = nn.AvgPool3d(kernel_size=pool, stride=pool)
            self.conv5a = conv(8 * c, 8 * c)
            self.conv5b = conv(8 * c, 8 * c)
        self.feat_dim = 8 * c
        use_impl(self, impl)

    def init_weights(self) -> None:
        """Kaiming convolutions (PYSKL's initialisation)."""
        if self.init_cfg is not None:
            return super().init_weights()
        init_cnn3d(self)

    def _pool(self, pool: nn.AvgPool3d, x: torch.Tensor) -> torch.Tensor:
        return avg_pool3d(pool, x) if self.impl == 'fast' else pool(x)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, C, T, H, W)`` -> ``(N, 8 * base_channels, T', H / 8 or 16, W / 8 or 16)``."""
        x = self._pool(self.pool1, self.conv1a(fast_input(self, x)))
        x = self._pool(self.pool2, self.conv2a(x))
        x = self._pool(self.pool3, self.conv3b(self.conv3a(x)))
        x = self.conv4b(self.conv4a(x))
        if self.num_stages == 4:
            x = self.conv5b(self.conv5a(self._pool(self.pool4, x)))
        return plain_output(x)

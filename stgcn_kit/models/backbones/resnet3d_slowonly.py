"""ResNet3d and its SlowOnly form, PoseC3D's main backbone (PYSKL / mmaction2 names)."""
from typing import Optional, Sequence, Tuple, Union

import torch
from mmengine.model import BaseModule
from torch import nn

from ...registry import MODELS
from .conv3d import conv3d_bn, fast_input, freeze, init_cnn3d, plain_output, set_norm_eval, use_impl


class Bottleneck3d(nn.Module):
    """1x1x1 -> (1)x3x3 -> 1x1x1 convolutions plus a shortcut; ``inflate`` makes the first
    convolution 3x1x1 (``'3x1x1'``) or the second 3x3x3 (``'3x3x3'``).

    ``stride`` is ``(temporal, spatial)`` and sits on the second convolution.
    """

    expansion = 4

    def __init__(self, inplanes: int, planes: int, stride: Tuple[int, int] = (1, 1),
                 downsample: Optional[nn.Module] = None, inflate: bool = True,
                 inflate_style: str = '3x1x1') -> None:
        super().__init__()
        if inflate_style not in ('3x1x1', '3x3x3'):
            raise ValueError(f"inflate_style must be '3x1x1' or '3x3x3', got {inflate_style!r}")
        t1 = inflate and inflate_style == '3x1x1'
        t2 = inflate and inflate_style == '3x3x3'
        self.conv1 = conv3d_bn(inplanes, planes, (3, 1, 1) if t1 else 1,
                               padding=(1, 0, 0) if t1 else 0)
        self.conv2 = conv3d_bn(planes, planes, 3 if t2 else (1, 3, 3),
                               stride=(stride[0], stride[1], stride[1]),
                               padding=1 if t2 else (0, 1, 1))
        self.conv3 = conv3d_bn(planes, planes * self.expansion, 1, act=None)
        self.downsample = downsample
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        identity = x if self.downsample is None else self.downsample(x)
        return self.relu(self.conv3(self.conv2(self.conv1(x))) + identity)


@MODELS.register_module()
class ResNet3d(BaseModule):
    """A 3D ResNet of bottleneck blocks: stem ``conv1`` + ``maxpool``, stages ``layer1..n``.

    Args:
        depth: 50, 101 or 152 (sets ``stage_blocks`` unless given).
        stage_blocks: blocks per stage.
        in_channels: input channels (17 heatmaps for COCO keypoints or limbs).
        num_stages: stages used, 1 to 4.
        base_channels: stem width; stage ``i`` has ``base_channels * 2**i`` planes.
        out_indices: stages whose outputs are returned.
        spatial_strides / temporal_strides: per stage, on its first block.
        conv1_kernel: stem kernel ``(t, h, w)``.
        conv1_stride / pool1_stride: ``(temporal, spatial)`` strides of the stem.
        inflate: per stage, 1 (every block) / 0 or a per-block tuple of temporal kernels.
        inflate_style: ``'3x1x1'`` or ``'3x3x3'``.
        frozen_stages: stem and stages up to this index are frozen (-1: none).
        norm_eval: keep BatchNorm statistics fixed in training.
        zero_init_residual: start each block's last BN at zero.
        pretrained: unsupported here (use ``load_from``); accepted as None for config
            compatibility.
        conv1_stride_s / conv1_stride_t / pool1_stride_s / pool1_stride_t / dilations:
            mmaction2's names, so that its configs build unchanged; they override
            ``conv1_stride`` / ``pool1_stride`` (``dilations`` must be all 1).
        impl: ``'fast'`` (default) computes with :mod:`stgcn_kit.models.fast.cnn3d`
            (channels-last on the CPU, folded eval-mode BatchNorms), ``'plain'`` as written
            (PYSKL's code paths). Same parameters and state dict, same math.

    Input ``(N, C, T, H, W)``; output ``(N, C', T', H', W')`` (a tuple for several
    ``out_indices``).
    """

    arch_settings = {50: (3, 4, 6, 3), 101: (3, 4, 23, 3), 152: (3, 8, 36, 3)}

    def __init__(self, depth: int = 50, stage_blocks: Optional[Sequence[int]] = None,
                 in_channels: int = 3, num_stages: int = 4, base_channels: int = 64,
                 out_indices: Sequence[int] = (3, ),
                 spatial_strides: Sequence[int] = (1, 2, 2, 2),
                 temporal_strides: Sequence[int] = (1, 1, 1, 1),
                 conv1_kernel: Sequence[int] = (3, 7, 7),
                 conv1_stride: Sequence[int] = (1, 2), pool1_stride: Sequence[int] = (1, 2),
                 inflate: Sequence[Union[int, Sequence[int]]] = (1, 1, 1, 1),
                 inflate_style: str = '3x1x1', frozen_stages: int = -1,
                 norm_eval: bool = False, zero_init_residual: bool = True,
                 pretrained: Optional[str] = None, init_cfg: Optional[dict] = None,
                 conv1_stride_s: Optional[int] = None, conv1_stride_t: Optional[int] = None,
                 pool1_stride_s: Optional[int] = None, pool1_stride_t: Optional[int] = None,
                 dilations: Optional[Sequence[int]] = None, impl: str = 'fast') -> None:
        super().__init__(init_cfg=init_cfg)
        if dilations is not None and set(dilations) != {1}:
            raise ValueError(f'ResNet3d: only dilations of 1 are supported, got {dilations}')
        conv1_stride = (conv1_stride_t or conv1_stride[0], conv1_stride_s or conv1_stride[1])
        pool1_stride = (pool1_stride_t or pool1_stride[0], pool1_stride_s or pool1_stride[1])
        if depth not in self.arch_settings:
            raise ValueError(f'ResNet3d depth must be one of {sorted(self.arch_settings)} '
                             f'(bottleneck blocks), got {depth}')
        if not 1 <= num_stages <= 4:
            raise ValueError(f'num_stages must be 1 to 4, got {num_stages}')
        if pretrained is not None:
            raise ValueError('ResNet3d: pretrained= is not supported; load weights with the '
                             "config's load_from")
        stage_blocks = tuple(stage_blocks or self.arch_settings[depth][:num_stages])
        if not (len(stage_blocks) == len(spatial_strides) == len(temporal_strides) ==
                num_stages) or max(out_indices) >= num_stages:
            raise ValueError(f'ResNet3d: stage_blocks {stage_blocks}, spatial_strides '
                             f'{spatial_strides}, temporal_strides {temporal_strides} must '
                             f'have num_stages={num_stages} entries and out_indices '
                             f'{out_indices} index them')
        if isinstance(inflate, int):
            inflate = (inflate, ) * num_stages
        self.out_indices = tuple(out_indices)
        self.frozen_stages = frozen_stages
        self.norm_eval = norm_eval
        self.zero_init_residual = zero_init_residual
        self.conv1 = conv3d_bn(in_channels, base_channels, tuple(conv1_kernel),
                               stride=(conv1_stride[0], conv1_stride[1], conv1_stride[1]),
                               padding=tuple((k - 1) // 2 for k in conv1_kernel))
        self.maxpool = nn.MaxPool3d(kernel_size=(1, 3, 3),
                                    stride=(pool1_stride[0], pool1_stride[1], pool1_stride[1]),
                                    padding=(0, 1, 1))
        self.res_layers = []
        inplanes = base_channels
        for i, blocks in enumerate(stage_blocks):
            planes = base_channels * 2 ** i
            layer = self._make_layer(inplanes, planes, blocks,
                                     (temporal_strides[i], spatial_strides[i]), inflate[i],
                                     inflate_style)
            inplanes = planes * Bottleneck3d.expansion
            self.add_module(f'layer{i + 1}', layer)
            self.res_layers.append(f'layer{i + 1}')
        self.feat_dim = inplanes
        use_impl(self, impl)

    @staticmethod
    def _make_layer(inplanes: int, planes: int, blocks: int, stride: Tuple[int, int],
                    inflate: Union[int, Sequence[int]], inflate_style: str) -> nn.Sequential:
        inflate = (inflate, ) * blocks if isinstance(inflate, int) else tuple(inflate)
        if len(inflate) != blocks:
            raise ValueError(f'inflate {inflate} must give one entry per block ({blocks})')
        downsample = None
        if stride[1] != 1 or inplanes != planes * Bottleneck3d.expansion:
            downsample = conv3d_bn(inplanes, planes * Bottleneck3d.expansion, 1,
                                   stride=(stride[0], stride[1], stride[1]), act=None)
        layers = [Bottleneck3d(inplanes, planes, stride, downsample, inflate[0] == 1,
                               inflate_style)]
        layers += [Bottleneck3d(planes * Bottleneck3d.expansion, planes, (1, 1), None,
                                inflate[i] == 1, inflate_style) for i in range(1, blocks)]
        return nn.Sequential(*layers)

    def init_weights(self) -> None:
        """PYSKL's initialisation (Kaiming convolutions, zero last BN per block)."""
        if self.init_cfg is not None:
            return super().init_weights()
        zero = [m.conv3.bn for m in self.modules() if isinstance(m, Bottleneck3d)]
        init_cnn3d(self, zero if self.zero_init_residual else ())

    def forward(self, x: torch.Tensor) -> Union[torch.Tensor, Tuple[torch.Tensor, ...]]:
        """``(N, C, T, H, W)`` -> features of the ``out_indices`` stages."""
        x = self.maxpool(self.conv1(fast_input(self, x)))
        outs = []
        for i, name in enumerate(self.res_layers):
            x = getattr(self, name)(x)
            if i in self.out_indices:
                outs.append(x)
        return plain_output(outs[0] if len(outs) == 1 else tuple(outs))

    def train(self, mode: bool = True) -> 'ResNet3d':
        super().train(mode)
        if self.frozen_stages >= 0:
            freeze([self.conv1] + [getattr(self, f'layer{i}')
                                   for i in range(1, self.frozen_stages + 1)])
        if mode and self.norm_eval:
            set_norm_eval(self)
        return self


@MODELS.register_module()
class ResNet3dSlowOnly(ResNet3d):
    """The SlowOnly pathway: a ``(1, 7, 7)`` stem and inflation only in the later stages.

    PoseC3D (``in_channels=17, base_channels=32, num_stages=3, stage_blocks=(4, 6, 3),
    conv1_stride=(1, 1), pool1_stride=(1, 1), inflate=(0, 1, 1), spatial_strides=(2, 2, 2),
    temporal_strides=(1, 1, 2), out_indices=(2, )``) maps ``(N, 17, 48, 56, 56)`` to
    ``(N, 512, 24, 7, 7)``; the Kinetics variant uses ``stage_blocks=(3, 4, 6)``.
    """

    def __init__(self, conv1_kernel: Sequence[int] = (1, 7, 7),
                 inflate: Sequence[int] = (0, 0, 1, 1), **kwargs) -> None:
        super().__init__(conv1_kernel=conv1_kernel, inflate=inflate, **kwargs)

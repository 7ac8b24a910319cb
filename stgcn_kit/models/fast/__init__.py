"""The same networks, computed fast: what ``impl='fast'`` (the default) of a backbone runs,
and the opt-in inference rewrites. The plain math lives in :mod:`stgcn_kit.models.gcn` and
the backbones; everything here is tested equal to it in float64, forward and gradients.

Graph networks (ST-GCN, AAGCN):

- :mod:`.graph_conv`: the graph convolution in the cheaper product order, both memory layouts;
- :mod:`.units`: fast subclasses of the units (no new state) and :func:`accelerate`;
- :mod:`.backbone`: :class:`FastForward`, the backbone's input BN, layout and padded persons;
- :mod:`.deploy`: BatchNorm folding and skipping padded persons (inference only);
- :mod:`.quantize`: int8 temporal convolutions (inference only, CPU).

PoseC3D backbones (X3D, C3D, ResNet3d / SlowOnly):

- :mod:`.cnn3d`: the conv + BN + activation units (channels-last on the CPU, eval-mode BN
  folded on the fly) and :func:`accelerate_cnn3d`;
- :mod:`.depthwise3d`: channel-wise 3D convolutions whose input gradient runs on the forward
  kernel.
"""
from .backbone import FastForward
from .cnn3d import accelerate_cnn3d
from .deploy import fuse_conv_bn, skip_empty_persons
from .depthwise3d import depthwise_conv3d
from .graph_conv import graph_conv, is_channels_last
from .quantize import quantize_int8
from .units import accelerate

__all__ = ['FastForward', 'accelerate', 'accelerate_cnn3d', 'depthwise_conv3d', 'fuse_conv_bn',
           'graph_conv', 'is_channels_last', 'quantize_int8', 'skip_empty_persons']

"""PYSKL's own PoseC3D and graph-network code, imported from a user's PYSKL checkout to be timed
against ours.

Nothing of PYSKL is stored in this repository: ``--pyskl-root`` names a checkout (or an export
of one, e.g. ``git archive HEAD pyskl | tar -x -C DIR``) whose ``pyskl/`` folder holds PYSKL's
sources. PYSKL is written for mmcv 1.x and its package ``__init__`` files import everything
(GCNs, video decoders, the trainer), so :class:`PysklCode` imports the single files the
PoseC3D models and pipeline need, under PYSKL's own module names, and provides in place of the
rest:

* the names PYSKL takes from mmcv 1.x that mmcv 2.x moved to mmengine (``is_tuple_of``,
  ``constant_init``, ``kaiming_init``, ``normal_init``, ``_BatchNorm``), added to mmcv's
  modules only where missing, and empty ``mmcv.runner`` / ``mmcv.parallel`` modules when
  absent (the checkpoint loading and ``DataContainer`` they provide are not used here);
* registries whose ``register_module`` registers nothing, and a ``build_loss`` giving
  cross-entropy (the loss every PoseC3D head uses);
* ``numpy.Inf``, which NumPy 2 removed and PYSKL's ``PoseCompact`` uses (the same value).

The graph networks (PYSKL's ``pyskl/models/gcns``) are imported when one is timed
(:meth:`PysklCode.recognizer` of a ``RecognizerGCN`` config). PYSKL's MS-G3D adds a residual in
place to the output of a ReLU (``ST_MSGCN``), which autograd on current torch refuses; so that
its training step can run at all, each such ReLU module is swapped for ``nn.Threshold(0, 0)``,
the same function whose backward reads its input instead of its output.

These stand-ins change the process they run in, so only the benchmark's processes use them.
PYSKL's ``Recognizer3D`` needs mmcv 1.x's runner; :class:`PysklRecognizer3D` applies its
backbone and head as PYSKL's ``forward_train`` / ``forward_test`` do, under the same state-dict
names as ours.
"""
import copy
import importlib.util
import logging
import os
import sys
import types
from typing import Callable, Dict, List, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

#: PYSKL's source files (relative to ``<root>/pyskl``, without ``.py``) that get imported
FILES = ('models/cnns/resnet3d', 'models/cnns/resnet3d_slowonly', 'models/cnns/c3d',
         'models/cnns/x3d', 'models/heads/base', 'models/heads/simple_head',
         'datasets/pipelines/sampling', 'datasets/pipelines/formatting',
         'datasets/pipelines/pose_related', 'datasets/pipelines/augmentations',
         'datasets/pipelines/heatmap_related')

#: our backbone / head types and the PYSKL file that defines the class of the same name
MODEL_FILES = {'ResNet3dSlowOnly': 'models/cnns/resnet3d_slowonly', 'C3D': 'models/cnns/c3d',
               'X3D': 'models/cnns/x3d', 'I3DHead': 'models/heads/simple_head'}

#: PYSKL's graph-network files (relative to ``<root>/pyskl``), imported in this order when a
#: graph model is timed
GCN_FILES = ('utils/graph', 'models/gcns/utils/init_func', 'models/gcns/utils/tcn',
             'models/gcns/utils/gcn', 'models/gcns/utils/msg3d_utils', 'models/gcns/stgcn',
             'models/gcns/aagcn', 'models/gcns/ctrgcn', 'models/gcns/msg3d',
             'models/gcns/dgstgcn')

#: our graph backbone types and the PYSKL file that defines the class of the same name
GCN_MODEL_FILES = {'STGCN': 'models/gcns/stgcn', 'AAGCN': 'models/gcns/aagcn',
                   'CTRGCN': 'models/gcns/ctrgcn', 'MSG3D': 'models/gcns/msg3d',
                   'DGSTGCN': 'models/gcns/dgstgcn', 'GCNHead': 'models/heads/simple_head'}

#: our transform types and the PYSKL file that defines the class of the same name
TRANSFORM_FILES = {'UniformSampleFrames': 'datasets/pipelines/sampling',
                   'PoseDecode': 'datasets/pipelines/pose_related',
                   'PoseCompact': 'datasets/pipelines/augmentations',
                   'Resize': 'datasets/pipelines/augmentations',
                   'RandomResizedCrop': 'datasets/pipelines/augmentations',
                   'CenterCrop': 'datasets/pipelines/augmentations',
                   'Flip': 'datasets/pipelines/augmentations',
                   'GeneratePoseTarget': 'datasets/pipelines/heatmap_related',
                   'FormatShape': 'datasets/pipelines/formatting'}


class _NoRegistry:
    """Stands in for PYSKL's registries: the decorated class is returned unchanged."""

    def register_module(self, *args, **kwargs) -> Callable[[type], type]:
        return lambda cls: cls


def _cross_entropy_loss(cfg: dict) -> Callable[..., torch.Tensor]:
    # PYSKL's BaseHead builds its loss at construction; PoseC3D heads use cross-entropy
    return lambda scores, labels, **kwargs: F.cross_entropy(scores, labels)


class PysklCode:
    """PYSKL's PoseC3D backbones, head and transforms, imported from ``root``.

    Args:
        root: a PYSKL checkout: ``root/pyskl/models/cnns/resnet3d_slowonly.py`` etc. exist.

    Raises:
        FileNotFoundError: a needed PYSKL file is missing (the message names it).
    """

    def __init__(self, root: str) -> None:
        self.src = os.path.join(os.path.abspath(root), 'pyskl')
        missing = [f for f in FILES if not os.path.isfile(os.path.join(self.src, f + '.py'))]
        if missing:
            raise FileNotFoundError(
                f'--pyskl-root {root}: not a PYSKL checkout, missing '
                + ', '.join(f'pyskl/{f}.py' for f in missing))
        self._stand_ins()
        self.modules = {rel: self._load(rel) for rel in FILES}

    def _package(self, name: str, **attrs) -> types.ModuleType:
        existing = sys.modules.get(name)
        if existing is not None and getattr(existing, '__pyskl_stand_in__', False):
            existing.__dict__.update(attrs)
            return existing
        module = types.ModuleType(name)
        module.__pyskl_stand_in__ = True
        rel = name.split('.')[1:]
        module.__path__ = [os.path.join(self.src, *rel)]
        module.__dict__.update(attrs)
        sys.modules[name] = module
        return module

    def _stand_ins(self) -> None:
        import mmcv
        import mmcv.cnn
        import mmcv.utils
        from mmengine.model import constant_init, kaiming_init, normal_init
        from mmengine.utils import is_tuple_of
        from torch.nn.modules.batchnorm import _BatchNorm

        for module, name, value in ((mmcv, 'is_tuple_of', is_tuple_of),
                                    (mmcv.cnn, 'constant_init', constant_init),
                                    (mmcv.cnn, 'kaiming_init', kaiming_init),
                                    (mmcv.cnn, 'normal_init', normal_init),
                                    (mmcv.utils, '_BatchNorm', _BatchNorm),
                                    (np, 'Inf', np.inf)):
            if name not in vars(module):
                setattr(module, name, value)
        for name, attrs in (('mmcv.runner', dict(load_checkpoint=None, _load_checkpoint=None)),
                            ('mmcv.parallel', dict(DataContainer=None))):
            if name not in sys.modules and importlib.util.find_spec(name) is None:
                module = types.ModuleType(name)
                module.__dict__.update(attrs)
                sys.modules[name] = module
        self._package('pyskl')
        self._package('pyskl.utils', cache_checkpoint=None, get_root_logger=logging.getLogger,
                      warning_r0=logging.getLogger('pyskl').warning)
        self._package('pyskl.core', top_k_accuracy=None)
        self._package('pyskl.datasets')
        self._package('pyskl.datasets.builder', PIPELINES=_NoRegistry())
        self._package('pyskl.datasets.pipelines')
        # pose_related imports Compose for transforms not used here; compose.py needs mmcv 1.x
        self._package('pyskl.datasets.pipelines.compose', Compose=None)
        self._package('pyskl.models')
        self._package('pyskl.models.builder', BACKBONES=_NoRegistry(), HEADS=_NoRegistry(),
                      build_loss=_cross_entropy_loss)
        self._package('pyskl.models.cnns')
        self._package('pyskl.models.heads')

    def _load(self, rel: str) -> types.ModuleType:
        name = 'pyskl.' + rel.replace('/', '.')
        if name in sys.modules and not getattr(sys.modules[name], '__pyskl_stand_in__', False):
            return sys.modules[name]
        spec = importlib.util.spec_from_file_location(name, os.path.join(self.src, rel + '.py'))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        return module

    def _build(self, cfg: dict, files: Dict[str, str]) -> object:
        cfg = copy.deepcopy(dict(cfg))
        kind = cfg.pop('type')
        if kind not in files:
            raise ValueError(f'PYSKL counterpart of {kind!r} unknown here (known: '
                             f'{sorted(files)})')
        return getattr(self.modules[files[kind]], kind)(**cfg)

    def _load_gcns(self) -> None:
        """Import PYSKL's graph networks (once); their package ``__init__`` files are stood in
        for by modules holding the names the files import from them."""
        if GCN_FILES[-1] in self.modules:
            return
        missing = [f for f in GCN_FILES if not os.path.isfile(os.path.join(self.src, f + '.py'))]
        if missing:
            raise FileNotFoundError('PYSKL checkout without its graph networks: missing '
                                    + ', '.join(f'pyskl/{f}.py' for f in missing))
        graph = self._load(GCN_FILES[0])
        self._package('pyskl.utils', Graph=graph.Graph)
        self._package('pyskl.models.gcns')
        self._package('pyskl.models.gcns.utils')
        for rel in GCN_FILES[1:]:
            self.modules[rel] = module = self._load(rel)
            if '/utils/' in rel:
                self._package('pyskl.models.gcns.utils', **{
                    k: v for k, v in vars(module).items() if not k.startswith('_')})

    def recognizer(self, model_cfg: dict) -> nn.Module:
        """PYSKL's backbone and head of our ``Recognizer3D`` or ``RecognizerGCN`` config
        ``model_cfg``."""
        if model_cfg['type'] != 'RecognizerGCN':
            return PysklRecognizer3D(self._build(model_cfg['backbone'], MODEL_FILES),
                                     self._build(model_cfg['cls_head'], MODEL_FILES))
        self._load_gcns()
        backbone = self._build(model_cfg['backbone'], GCN_MODEL_FILES)
        st_msgcn = self.modules['models/gcns/utils/msg3d_utils'].ST_MSGCN
        for module in backbone.modules():
            if isinstance(module, st_msgcn) and isinstance(module.mlp.layers[-1], nn.ReLU):
                module.mlp.layers[-1] = nn.Threshold(0., 0.)
        return PysklRecognizerGCN(backbone, self._build(model_cfg['cls_head'], GCN_MODEL_FILES))

    def pipeline(self, transforms: Sequence[dict]) -> Callable[[dict], dict]:
        """PYSKL's transforms of our pipeline config ``transforms``; our ``PackActionInputs``
        becomes PYSKL's ``ToTensor`` of the heatmaps (PYSKL's ``Collect`` needs mmcv 1.x)."""
        formatting = self.modules['datasets/pipelines/formatting']
        steps = [formatting.ToTensor(keys=['imgs']) if t['type'] == 'PackActionInputs'
                 else self._build(t, TRANSFORM_FILES) for t in transforms]

        def run(results: dict) -> dict:
            for step in steps:
                results = step(results)
            return results
        return run


class PysklRecognizer3D(nn.Module):
    """PYSKL's ``Recognizer3D`` computation: views flattened into the batch, backbone, head.

    ``forward(inputs, mode='tensor')`` takes ``(N, views, C, T, H, W)`` and returns class
    scores ``(N * views, num_classes)``, as our ``Recognizer3D`` does in ``'tensor'`` mode."""

    def __init__(self, backbone: nn.Module, cls_head: nn.Module) -> None:
        super().__init__()
        self.backbone = backbone
        self.cls_head = cls_head

    def forward(self, inputs: torch.Tensor, mode: str = 'tensor') -> torch.Tensor:
        if mode != 'tensor':
            raise ValueError(f"PysklRecognizer3D runs mode='tensor' only, got {mode!r}")
        return self.cls_head(self.backbone(inputs.reshape((-1, ) + inputs.shape[2:])))


class PysklRecognizerGCN(nn.Module):
    """PYSKL's ``RecognizerGCN`` computation on one clip: backbone, head.

    ``forward(inputs, mode='tensor')`` takes ``(N, M, T, V, C)`` and returns class scores
    ``(N, num_classes)``, as our ``RecognizerGCN`` does in ``'tensor'`` mode."""

    def __init__(self, backbone: nn.Module, cls_head: nn.Module) -> None:
        super().__init__()
        self.backbone = backbone
        self.cls_head = cls_head

    def forward(self, inputs: torch.Tensor, mode: str = 'tensor') -> torch.Tensor:
        if mode != 'tensor':
            raise ValueError(f"PysklRecognizerGCN runs mode='tensor' only, got {mode!r}")
        return self.cls_head(self.backbone(inputs))


def load_same_weights(pyskl_model: nn.Module, ours: nn.Module) -> None:
    """Load our model's state dict into PYSKL's with strict key and shape matching.

    Raises:
        RuntimeError: a key is missing or unexpected, or a shape differs (torch's message).
    """
    pyskl_model.load_state_dict(ours.state_dict(), strict=True)


def check_same_outputs(outputs: Dict[str, torch.Tensor], reference: str, rtol: float = 1e-4,
                       atol: float = 1e-5) -> List[str]:
    """Each of ``outputs`` against ``outputs[reference]`` (``torch.allclose``).

    Returns one line per other output with its largest absolute difference.

    Raises:
        ValueError: shapes differ or values are not close; the message names the output.
    """
    ref = outputs[reference].detach().float()
    lines = []
    for name, out in outputs.items():
        if name == reference:
            continue
        out = out.detach().float()
        if out.shape != ref.shape:
            raise ValueError(f'{name} gives shape {tuple(out.shape)}, {reference} '
                             f'{tuple(ref.shape)}: not the same computation')
        diff = (out - ref).abs().max().item() if out.numel() else 0.
        if not torch.allclose(out, ref, rtol=rtol, atol=atol):
            raise ValueError(f'{name} differs from {reference} by up to {diff:.3e} (rtol '
                             f'{rtol}, atol {atol}): not the same computation, not timed')
        lines.append(f'max |{name} - {reference}|: {diff:.2e} (values reach '
                     f'{ref.abs().max().item():.2e})')
    return lines

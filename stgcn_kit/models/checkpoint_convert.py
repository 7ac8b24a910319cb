"""Turn ST-GCN, PYSKL and mmaction2 checkpoints into this toolbox's ``RecognizerGCN`` keys.

The target names are PYSKL's (``backbone.gcn.{i}.gcn/tcn/residual...``, ``cls_head.fc_cls``).
The original ST-GCN (yysijie/st-gcn, and mmaction2 0.x which kept its layout) computes exactly
what PYSKL's ``STGCN(gcn_adaptive='importance')`` with ``mode='stgcn_spatial'`` computes: its
``tcn`` starts with the BN and ReLU that PYSKL's graph unit ends with, the rest is
``conv(9, 1) -> BN -> dropout``, the block residual is ``conv 1x1 -> BN``, the input BN is per
(joint, channel) like ``data_bn_type='VC'``, and its 1x1 ``fcn`` after average pooling is a
linear layer. So only names (and the ``fcn`` weight's shape) change.

mmaction2 0.x's 2s-AGCN (``agcn_networks.<i>``) is this toolbox's ``AGCN`` block for block:
the graph unit ``A + PA + softmax(similarity)`` with the same ``conv_a/b/d``, ``down`` and
``bn``, then ``conv(9, 1) -> BN`` and the residual; its input BN is per (joint, channel), so the
converted weights need ``backbone.data_bn_type='VC'``.
"""
import re
from collections import OrderedDict
from typing import Callable, Dict, Optional, Tuple

import torch

from stgcn_kit.engine.checkpoint_compat import load_checkpoint_file
from stgcn_kit.engine.weights import state_dict_of

from ..utils import atomic_open

SRC_FORMATS = ('stgcn', 'pyskl', 'mmaction2')

# (pattern on an original ST-GCN key, target template)
_STGCN_RULES = (
    (r'st_gcn_networks\.(\d+)\.gcn\.conv\.(weight|bias)', r'backbone.gcn.\1.gcn.conv.\2'),
    (r'st_gcn_networks\.(\d+)\.tcn\.0\.(\w+)', r'backbone.gcn.\1.gcn.bn.\2'),
    (r'st_gcn_networks\.(\d+)\.tcn\.2\.(weight|bias)', r'backbone.gcn.\1.tcn.conv.\2'),
    (r'st_gcn_networks\.(\d+)\.tcn\.3\.(\w+)', r'backbone.gcn.\1.tcn.bn.\2'),
    (r'st_gcn_networks\.(\d+)\.residual\.0\.(weight|bias)', r'backbone.gcn.\1.residual.conv.\2'),
    (r'st_gcn_networks\.(\d+)\.residual\.1\.(\w+)', r'backbone.gcn.\1.residual.bn.\2'),
    (r'edge_importance\.(\d+)', r'backbone.gcn.\1.gcn.PA'),
    (r'data_bn\.(\w+)', r'backbone.data_bn.\1'),
    (r'fcn\.(weight|bias)', r'cls_head.fc_cls.\1'),
)
# (pattern on an mmaction2 0.x AGCN key without "backbone.", target template)
_AGCN_RULES = (
    (r'agcn_networks\.(\d+)\.gcn\.(PA|(?:conv_[abd]\.\d+|down\.0)\.(?:weight|bias)'
     r'|(?:down\.1|bn)\.\w+)', r'backbone.gcn.\1.gcn.\2'),
    (r'agcn_networks\.(\d+)\.tcn\.0\.(weight|bias)', r'backbone.gcn.\1.tcn.conv.\2'),
    (r'agcn_networks\.(\d+)\.tcn\.1\.(\w+)', r'backbone.gcn.\1.tcn.bn.\2'),
    (r'agcn_networks\.(\d+)\.residual\.0\.(weight|bias)', r'backbone.gcn.\1.residual.conv.\2'),
    (r'agcn_networks\.(\d+)\.residual\.1\.(\w+)', r'backbone.gcn.\1.residual.bn.\2'),
    (r'data_bn\.(\w+)', r'backbone.data_bn.\1'),
    (r'A', r'backbone.A'),
)
_PYSKL_KEY = re.compile(r'backbone\.(A|data_bn\.\w+|gcn\.\d+\.[\w.]+)'
                        r'|cls_head\.fc_cls\.(weight|bias)')

Log = Callable[[str], None]


def _strip_module(state: Dict[str, torch.Tensor]) -> Dict[str, torch.Tensor]:
    """Drop the ``module.`` prefix that DataParallel checkpoints carry."""
    return OrderedDict((k[len('module.'):] if k.startswith('module.') else k, v)
                       for k, v in state.items())


def _convert_stgcn(state: Dict[str, torch.Tensor], log: Log) -> Dict[str, torch.Tensor]:
    """Original ST-GCN names -> PYSKL names; ``A`` is copied into every block's graph unit."""
    out = OrderedDict()
    graph = state.get('A')
    blocks = sorted({int(m.group(1)) for k in state
                     if (m := re.match(r'st_gcn_networks\.(\d+)\.', k))})
    for key, value in state.items():
        if key == 'A':
            continue
        for pattern, template in _STGCN_RULES:
            if re.fullmatch(pattern, key):
                new = re.sub(pattern, template, key)
                break
        else:
            raise ValueError(f'{key}: not a key of an original ST-GCN model (expected '
                             'st_gcn_networks.*, edge_importance.*, data_bn.*, fcn.*, A)')
        if new == 'cls_head.fc_cls.weight':
            value = value.reshape(value.shape[0], -1)  # the 1x1 conv (C, 256, 1, 1) -> linear
        log(f'{key} -> {new}')
        out[new] = value
    if graph is None:
        raise ValueError('A: the graph buffer is missing; an original ST-GCN checkpoint holds it')
    for i in blocks:
        out[f'backbone.gcn.{i}.gcn.A'] = graph
        log(f'A -> backbone.gcn.{i}.gcn.A')
        if f'backbone.gcn.{i}.gcn.PA' not in out:
            # trained without edge importance weighting: A * 1 is the plain graph
            out[f'backbone.gcn.{i}.gcn.PA'] = torch.ones_like(graph)
            log(f'(no edge_importance.{i}) -> backbone.gcn.{i}.gcn.PA = ones')
    return out


def _convert_pyskl(state: Dict[str, torch.Tensor], log: Log) -> Dict[str, torch.Tensor]:
    """PYSKL names are ours already; every key is checked."""
    for key in state:
        if not _PYSKL_KEY.fullmatch(key):
            raise ValueError(f'{key}: not a key of a PYSKL skeleton recognizer '
                             '(expected backbone.A, backbone.data_bn.*, backbone.gcn.<i>.*, '
                             'cls_head.fc_cls.*)')
        log(f'{key} -> {key}')
    return OrderedDict(state)


def _convert_mmaction2_agcn(state: Dict[str, torch.Tensor],
                            log: Log) -> Dict[str, torch.Tensor]:
    """mmaction2 0.x AGCN names -> ``AGCN`` names; ``A`` also goes into every graph unit."""
    out = OrderedDict()
    for key, value in state.items():
        if key.startswith('cls_head.fc.'):
            new = 'cls_head.fc_cls.' + key[len('cls_head.fc.'):]
            if new.endswith('weight'):
                value = value.reshape(value.shape[0], -1)  # the 1x1 conv (C, 256, 1, 1) -> linear
        else:
            short = key[len('backbone.'):] if key.startswith('backbone.') else None
            for pattern, template in _AGCN_RULES:
                if short is not None and re.fullmatch(pattern, short):
                    new = re.sub(pattern, template, short)
                    break
            else:
                raise ValueError(f'{key}: not a key of an mmaction2 0.x AGCN recognizer '
                                 '(expected backbone.agcn_networks.*, backbone.data_bn.*, '
                                 'backbone.A, cls_head.fc.*)')
        log(f'{key} -> {new}')
        out[new] = value
    if 'backbone.A' not in out:
        raise ValueError('backbone.A: the graph buffer is missing; an mmaction2 0.x AGCN '
                         'checkpoint holds it')
    blocks = sorted({int(m.group(1)) for k in out
                     if (m := re.match(r'backbone\.gcn\.(\d+)\.', k))})
    for i in blocks:
        out[f'backbone.gcn.{i}.gcn.A'] = out['backbone.A']
        log(f'backbone.A -> backbone.gcn.{i}.gcn.A')
    log("the converted weights need backbone.data_bn_type='VC' in the config")
    return out


def _convert_mmaction2(state: Dict[str, torch.Tensor], log: Log) -> Dict[str, torch.Tensor]:
    """mmaction2 1.x: PYSKL's backbone names and ``cls_head.fc``; 0.x kept ST-GCN's layout
    (``st_gcn_networks``) or 2s-AGCN's (``agcn_networks``)."""
    if any(k.startswith('backbone.agcn_networks.') for k in state):
        return _convert_mmaction2_agcn(state, log)
    if any(k.startswith('backbone.st_gcn_networks.') for k in state):
        legacy = OrderedDict()
        for key, value in state.items():
            if key.startswith('backbone.'):
                legacy[key[len('backbone.'):]] = value
            elif key.startswith('cls_head.fc.'):
                legacy['fcn.' + key[len('cls_head.fc.'):]] = value
            else:
                raise ValueError(f'{key}: not a key of an mmaction2 0.x ST-GCN recognizer')
        return _convert_stgcn(legacy, log)
    out = OrderedDict()
    for key, value in state.items():
        if key.startswith('data_preprocessor.'):
            # mean/std buffers of ActionDataPreprocessor; skeleton inputs are not normalised there
            log(f'{key} -> (dropped)')
            continue
        new = re.sub(r'^cls_head\.fc\.', 'cls_head.fc_cls.', key)
        if not _PYSKL_KEY.fullmatch(new):
            raise ValueError(f'{key}: not a key of an mmaction2 skeleton recognizer '
                             '(expected backbone.*, cls_head.fc.*)')
        log(f'{key} -> {new}')
        out[new] = value
    return out


_CONVERTERS = {'stgcn': _convert_stgcn, 'pyskl': _convert_pyskl, 'mmaction2': _convert_mmaction2}


def convert_state_dict(state: Dict[str, torch.Tensor], src_format: str,
                       log: Log = print) -> Dict[str, torch.Tensor]:
    """Rename a state dict of ``src_format`` to ``RecognizerGCN`` keys, logging each rename.

    Raises:
        ValueError: naming the first key that the format does not explain.
    """
    if src_format not in _CONVERTERS:
        raise ValueError(f'unknown source format {src_format!r}; valid: {list(SRC_FORMATS)}')
    return _CONVERTERS[src_format](_strip_module(state), log)


def convert_checkpoint(src: str, dst: str, src_format: str, num_classes: Optional[int] = None,
                       trust_pickle: bool = False, log: Log = print) -> Tuple[int, int]:
    """Read ``src``, convert it, and write ``{'state_dict', 'meta'}`` to ``dst`` atomically.

    Args:
        src: the source checkpoint: a plain state dict or a dict with ``state_dict``.
        dst: where the converted checkpoint goes.
        src_format: ``'stgcn'`` (yysijie/st-gcn), ``'pyskl'`` or ``'mmaction2'`` (1.x or 0.x).
        num_classes: when given, the head must have this many classes.
        trust_pickle: allow checkpoints that hold arbitrary Python objects (full unpickling).
        log: receives one line per renamed key.

    Returns:
        ``(number of keys written, number of classes of the head or 0 without head)``.
    """
    # conversion needs only the weights: foreign optional parts are skipped
    ckpt = load_checkpoint_file(src, 'cpu', trust=trust_pickle, weights_only_parts=True)
    state = state_dict_of(ckpt, src)
    bad = [k for k, v in state.items() if not isinstance(v, torch.Tensor)]
    if bad:
        raise ValueError(f'{src}: {bad[0]}: not a tensor; is this a model checkpoint?')
    try:
        converted = convert_state_dict(state, src_format, log)
    except ValueError as err:
        raise ValueError(f'{src}: {err}') from None
    head = converted.get('cls_head.fc_cls.weight')
    classes = 0 if head is None else head.shape[0]
    if num_classes is not None and classes != num_classes:
        raise ValueError(f'{src}: cls_head has {classes} classes, --num-classes says {num_classes}')
    meta = dict(converted_from=src_format, source=str(src), num_classes=classes)
    with atomic_open(dst, 'wb') as f:
        torch.save({'state_dict': converted, 'meta': meta}, f)
    return len(converted), classes

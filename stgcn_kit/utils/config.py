"""Reading a config: mmengine's ``Config.fromfile`` plus the names a config states once.

A config's top-level ``layout`` (the skeleton layout's name), ``feats`` (the streams, e.g.
``['b']``) and, for PoseC3D, ``heatmap`` (``'keypoint'`` or ``'limb'``) are the single place
those choices are made. mmengine evaluates each base file before the file that inherits from
it, so a base's pipeline cannot see a value its leaf sets later; :func:`apply_layout_and_feats`
therefore writes the names, after loading, into every entry that needs them:

- ``layout``: ``model.backbone.graph_cfg.layout``, the ``dataset`` of every ``GenSkeFeat``, the
  ``layout`` of every transform that has one (``PreNormalize3D``, ``SkeletonFlip``) and the
  ``num_node`` of every dataset that checks its records' joint count;
- ``feats``: the ``feats`` of every ``GenSkeFeat``;
- ``heatmap``: what every ``GeneratePoseTarget`` draws. ``'keypoint'``: one heatmap per joint
  (``with_kp=True, with_limb=False``). ``'limb'``: one per limb of the config's top-level
  ``skeletons`` (``with_kp=False, with_limb=True, skeletons=...``), and a flip-test
  (``double=True``) target also mirrors limbs by the top-level ``left_limb`` / ``right_limb``.

A stream leaf is then ``_base_ = ['./j.py']`` and ``feats = ['b']``, a PoseC3D limb leaf
``_base_ = ['./joint.py']`` and ``heatmap = 'limb'``, whatever wrappers (e.g.
``RepeatDataset``) its loaders use.
"""
import os
from pathlib import Path
from typing import Any, Iterator, Optional

import yaml
from mmengine.config import Config, ConfigDict

LOADERS = ('train_dataloader', 'val_dataloader', 'test_dataloader')
PIPELINES = ('train_pipeline', 'val_pipeline', 'test_pipeline')
HEATMAPS = ('keypoint', 'limb')


def _datasets(dataset: Any) -> Iterator[dict]:
    """A loader's dataset config and the ones it wraps (``RepeatDataset``, ``ConcatDataset``)."""
    if isinstance(dataset, dict):
        yield dataset
        yield from _datasets(dataset.get('dataset'))
        for inner in dataset.get('datasets', ()):
            yield from _datasets(inner)


def _pipelines(cfg: Config) -> Iterator[list]:
    for key in LOADERS:
        for dataset in _datasets((cfg.get(key) or {}).get('dataset')):
            if dataset.get('pipeline'):
                yield dataset['pipeline']
    for key in PIPELINES:  # the top-level copies inference and leaves read
        if cfg.get(key):
            yield cfg[key]


def _heatmap_target(target: dict, heatmap: str, cfg: Config) -> ConfigDict:
    """``GeneratePoseTarget``'s config drawing ``heatmap``; keys keep their order (limb keys
    after ``with_limb``, limb mirroring at the end), so a resolved config reads as if written
    by hand."""
    if heatmap == 'keypoint':
        return ConfigDict(target, with_kp=True, with_limb=False)
    missing = [k for k in ('skeletons', 'left_limb', 'right_limb') if cfg.get(k) is None]
    if missing:
        raise ValueError(f"heatmap='limb' needs the top-level {missing} of the config")
    out = {}
    for key, value in target.items():
        out[key] = value
        if key == 'with_limb':
            out['skeletons'] = cfg.skeletons
    out.update(with_kp=False, with_limb=True, skeletons=cfg.skeletons)
    if out.get('double'):
        out.update(left_limb=cfg.left_limb, right_limb=cfg.right_limb)
    return ConfigDict(out)


def apply_layout_and_feats(cfg: Config) -> Config:
    """Write ``cfg.layout``, ``cfg.feats`` and ``cfg.heatmap`` (where set) into the entries
    listed in the module docstring; returns ``cfg``, changed in place. Applying it twice changes
    nothing."""
    layout, feats, heatmap = cfg.get('layout'), cfg.get('feats'), cfg.get('heatmap')
    if heatmap is not None and heatmap not in HEATMAPS:
        raise ValueError(f'heatmap must be one of {HEATMAPS}, got {heatmap!r}')
    if layout is not None:
        backbone = (cfg.get('model') or {}).get('backbone')
        if isinstance(backbone, dict) and 'graph_cfg' in backbone:
            backbone.graph_cfg.layout = layout
        for key in LOADERS:
            for dataset in _datasets((cfg.get(key) or {}).get('dataset')):
                if 'num_node' in dataset:
                    dataset.num_node = layout
    for pipeline in _pipelines(cfg):
        for i, transform in enumerate(pipeline):
            if not isinstance(transform, dict):
                continue
            if heatmap is not None and transform.get('type') == 'GeneratePoseTarget':
                pipeline[i] = _heatmap_target(transform, heatmap, cfg)
            if layout is not None and 'layout' in transform:
                transform['layout'] = layout
            if transform.get('type') == 'GenSkeFeat':
                if layout is not None:
                    transform['dataset'] = layout
                if feats is not None:
                    transform['feats'] = list(feats)
    return cfg


CONFIGS = Path(__file__).resolve().parents[2] / 'configs'


def find_seed(path: str, configs: Path = CONFIGS) -> Optional[dict]:
    """The recipe card (``configs/*/metafile.yml``) whose seed config, or a config of the same
    recipe it lists, ``path`` names, e.g. PYSKL's ``configs/stgcn/stgcn_pyskl_ntu60_xsub_3dkp/
    j.py`` or mmaction2's ``configs/skeleton/stgcn/stgcn_80e_ntu60_xsub_keypoint.py`` (matched on
    whole trailing path components, so any checkout prefix works), with ``card['Seed']`` set to
    the entry that matched; ``None`` when no card names it."""
    parts = Path(path).as_posix().split('/')
    for metafile in sorted(configs.glob('*/metafile.yml')):
        with open(metafile, encoding='utf-8') as f:
            cards = yaml.safe_load(f).get('Models', [])
        for card in cards:
            for seed in [card.get('Seed') or {}] + card.get('Same recipe', []):
                tail = seed.get('Config', '').split('/')
                if tail[-1].endswith(('.py', '.yaml')) and parts[-len(tail):] == tail:
                    return dict(card, Seed=seed)
    return None


def read_config(path: str) -> Config:
    """``Config.fromfile(path)`` with :func:`apply_layout_and_feats` applied.

    Raises:
        FileNotFoundError: ``path`` is no file; when it is a seed's config name (PYSKL,
            mmaction2, the original ST-GCN), the one-line message names our config for it.
    """
    if not os.path.isfile(path):
        card = find_seed(path)
        if card is not None:
            raise FileNotFoundError(
                f'{path} is {card["Seed"]["Repository"]}\'s config; ours for it is '
                f'{card["Config"]} (python tools/train.py {card["Config"]})')
        raise FileNotFoundError(f'{path}: no such config file')
    return apply_layout_and_feats(Config.fromfile(path))

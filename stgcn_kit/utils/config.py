"""Reading a config: mmengine's ``Config.fromfile``, with a one-line answer when the path names
a seed's config (PYSKL's, mmaction2's, the original ST-GCN's) rather than a file.

A config file is what runs: the tools read it with plain ``Config.fromfile`` (and merge
``--cfg-options``) and change nothing after loading, so mmengine, mmaction2 or any script that
reads the same file gets the same model, loaders and pipelines. A config therefore states the
skeleton layout in ``model.backbone.graph_cfg.layout`` and in every transform that needs it
(``GenSkeFeat(dataset=...)``, ``PreNormalize3D(layout=...)``, a dataset's ``num_node``), and a
stream or limb leaf rebuilds its joint config's pipelines (a comprehension over
``_base_.train_pipeline``) with its ``feats`` or ``GeneratePoseTarget`` settings.
"""
import functools
import os
from pathlib import Path
from typing import List, Optional

import yaml
from mmengine.config import Config

from stgcn_kit.errors import ConfigError
from stgcn_kit.utils.package_files import shipped_dir

# top-level names one might expect to reach the entries below; nothing copies them there, so a
# config setting one would silently train something other than it says
RETIRED = {
    'feats': "the feats of every GenSkeFeat (a stream leaf rebuilds its joint config's "
             "pipelines, e.g. configs/stgcn/stgcn_nwucla/b.py)",
    'heatmap': 'with_kp, with_limb and skeletons of every GeneratePoseTarget (e.g. '
               'configs/posec3d/slowonly_r50_gym/limb.py)',
}


@functools.lru_cache(maxsize=None)
def _cards(metafile: str, mtime_ns: int) -> List[dict]:
    """The cards of ``metafile`` as of its modification time ``mtime_ns`` (the cache key)."""
    with open(metafile, encoding='utf-8') as f:
        return yaml.load(f, Loader=getattr(yaml, 'CSafeLoader', yaml.SafeLoader)).get('Models', [])


def _seed_names(seed: dict) -> List[List[str]]:
    """The path components a seed entry answers to: its config file, and for the original
    ST-GCN's ``config/st_gcn/<dataset>/train.yaml`` also the ``test.yaml`` beside it (the test
    half of the same recipe); none for a paper's row."""
    tail = (seed.get('Config') or '').split('/')
    if not tail[-1].endswith(('.py', '.yaml')):
        return []
    return [tail, tail[:-1] + ['test.yaml']] if tail[-1] == 'train.yaml' else [tail]


def find_seed(path: str, configs: Optional[Path] = None) -> Optional[dict]:
    """The recipe card (``configs/*/metafile.yml``) whose seed config, or a config of the same
    recipe it lists, ``path`` names, e.g. PYSKL's ``configs/stgcn/stgcn_pyskl_ntu60_xsub_3dkp/
    j.py``, mmaction2's ``configs/skeleton/stgcn/stgcn_80e_ntu60_xsub_keypoint.py`` or the
    original ST-GCN's ``config/st_gcn/ntu-xsub/test.yaml`` (matched on whole trailing path
    components, so any checkout prefix works), with ``card['Seed']`` set to the entry that
    matched; ``None`` when no card names it. A bare file name, with or without its suffix (a
    seed page's config name, e.g. ``slowonly_r50_u48_240e_gym_keypoint``), matches a seed file
    of that name. ``configs``: the kit's configs folder by default
    (:func:`~stgcn_kit.utils.package_files.shipped_dir`).

    Raises:
        ConfigError: a bare name that several of our configs' seeds share (``j.py``).
    """
    configs = shipped_dir('configs') if configs is None else configs
    parts = Path(path).as_posix().split('/')
    bare = len(parts) == 1
    found = []
    for metafile in sorted(configs.glob('*/metafile.yml')):
        for card in _cards(str(metafile), metafile.stat().st_mtime_ns):
            for seed in [card.get('Seed') or {}] + card.get('Same recipe', []):
                for tail in _seed_names(seed):
                    if not bare and parts[-len(tail):] == tail:
                        return dict(card, Seed=seed)
                    if bare and parts[0] in (tail[-1], os.path.splitext(tail[-1])[0]):
                        found.append(dict(card, Seed=seed))
    ours = sorted({card['Config'] for card in found})
    if len(ours) > 1:
        raise ConfigError(f'{path} names the seed configs of {len(ours)} of ours (e.g. '
                          f'{", ".join(ours[:3])}); give its folders too')
    return found[0] if found else None


def check_retired_keys(cfg: Config) -> None:
    """Refuse a config that sets a top-level ``feats`` or ``heatmap``, or a top-level ``layout``
    other than its model's ``graph_cfg.layout``: nothing copies them into the model and
    pipelines, so the config would train something other than it says.

    Raises:
        ConfigError: naming the key and where the config must state it instead.
    """
    name = cfg.filename or 'config'
    for key, where in RETIRED.items():
        if key in cfg:
            raise ConfigError(f'{name}: the top-level {key!r} is no longer read; state it in '
                              f'{where}, and remove the key')
    graph = ((cfg.get('model') or {}).get('backbone') or {}).get('graph_cfg') or {}
    if 'layout' in cfg and cfg.layout != graph.get('layout'):
        raise ConfigError(f'{name}: the top-level layout {cfg.layout!r} is no longer read and '
                          f'model.backbone.graph_cfg.layout is {graph.get("layout")!r}; name '
                          f'the layout in graph_cfg and in every GenSkeFeat (dataset=...), '
                          f'PreNormalize3D (layout=...) and num_node, and remove the key')


def read_config(path: str) -> Config:
    """``Config.fromfile(path)``, checked by :func:`check_retired_keys`; nothing is changed.

    Raises:
        FileNotFoundError: ``path`` is no file; when it is a seed's config name (PYSKL,
            mmaction2, the original ST-GCN), the one-line message names our config for it.
        ConfigError: see :func:`check_retired_keys`; or ``path`` is a bare name several
            seeds share (:func:`find_seed`).
    """
    if not os.path.isfile(path):
        card = find_seed(path)
        if card is not None:
            raise FileNotFoundError(
                f'{path} is {card["Seed"]["Repository"]}\'s config; ours for it is '
                f'{card["Config"]} (python tools/train.py {card["Config"]})')
        raise FileNotFoundError(f'{path}: no such config file')
    cfg = Config.fromfile(path)
    check_retired_keys(cfg)
    return cfg

"""Every config under configs/ loads with mmengine and builds its model; stream leaves differ
from their joint config only in GenSkeFeat's feats."""
import pickle
from pathlib import Path

import numpy as np
import pytest
from mmengine.registry import init_default_scope

from stgcn_kit.registry import MODELS, TRANSFORMS
from stgcn_kit.utils.config import read_config

CONFIGS = Path(__file__).resolve().parents[2] / 'configs'
LEAVES = sorted(p for p in CONFIGS.rglob('*.py') if '_base_' not in p.parts)
PIPELINES = ('train_pipeline', 'val_pipeline', 'test_pipeline')


def loader_pipelines(cfg):
    train = cfg.train_dataloader.dataset
    train = train.get('dataset', train)  # RepeatDataset wraps the training set
    return (train.pipeline, cfg.val_dataloader.dataset.pipeline,
            cfg.test_dataloader.dataset.pipeline)


@pytest.mark.parametrize('path', LEAVES, ids=lambda p: str(p.relative_to(CONFIGS)))
def test_config_loads_and_builds_its_model(path):
    cfg = read_config(str(path))
    init_default_scope(cfg.default_scope)  # as the runner does before building
    assert cfg.default_scope == 'stgcn_kit' and cfg.runner_type == 'PortableRunner'
    model = MODELS.build(cfg.model)
    assert model.cls_head.fc_cls.out_features == cfg.model.cls_head.num_classes
    for pipeline in loader_pipelines(cfg):
        feats = [t.feats for t in pipeline if t.type == 'GenSkeFeat']
        assert feats == ([cfg.feats] if 'feats' in cfg else []), \
            f'{path}: pipelines and feats disagree'
        assert {t.dataset for t in pipeline if t.type == 'GenSkeFeat'} <= {cfg.get('layout')}
    if 'graph_cfg' in cfg.model.backbone:
        assert cfg.model.backbone.graph_cfg.layout == cfg.layout
    test_sampler = [t for t in cfg.test_dataloader.dataset.pipeline
                    if t.type == 'UniformSampleFrames']
    assert all(t.test_mode for t in test_sampler)


@pytest.mark.parametrize('path', [p for p in LEAVES if p.stem in ('b', 'jm', 'bm')],
                         ids=lambda p: str(p.relative_to(CONFIGS)))
def test_stream_leaf_is_its_joint_config_with_another_stream(path):
    leaf, joint = read_config(str(path)), read_config(str(path.parent / 'j.py'))
    assert leaf.feats == [path.stem]
    for ours, theirs in zip(loader_pipelines(leaf), loader_pipelines(joint)):
        assert [dict(t, feats=None) for t in ours] == [dict(t, feats=None) for t in theirs]
    assert leaf.model == joint.model and leaf.optim_wrapper == joint.optim_wrapper


@pytest.mark.parametrize('path', [p for p in LEAVES if p.stem in ('b', 'jm', 'bm')],
                         ids=lambda p: str(p.relative_to(CONFIGS)))
def test_stream_leaf_states_only_its_stream(path):
    # the leaf names its joint config and its stream; the rest follows from the joint config
    body = [line for line in path.read_text().split('"""')[-1].splitlines() if line.strip()]
    assert body == ["_base_ = ['./j.py']", f"feats = ['{path.stem}']"]


def test_the_zoo_covers_the_required_benchmarks():
    names = {str(p.relative_to(CONFIGS).with_suffix('')) for p in LEAVES}
    for bench in ('ntu60_xsub', 'ntu60_xview', 'ntu120_xsub', 'ntu120_xset'):
        for recipe in ('pyskl', 'vanilla'):
            for mod in ('3d', '2d'):
                for stream in ('j', 'b', 'jm', 'bm'):
                    assert f'stgcn/stgcn_{recipe}_{bench}_{mod}/{stream}' in names
    for stream in ('j', 'b', 'jm', 'bm'):
        assert f'stgcn/stgcn_nwucla/{stream}' in names
    for model in ('aagcn/aagcn_pyskl', 'agcn/agcn'):
        assert {f'{model}_ntu60_xsub_3d/j', f'{model}_ntu60_xsub_3d/b'} <= names


def _upright_share(normalize, annotations) -> float:
    """Share of sequences whose mean hip-to-head direction (NW-UCLA joints 0 -> 3) lies within
    45 degrees of the mean of those directions over all sequences."""
    ups = []
    for ann in annotations:
        kp = normalize(dict(keypoint=ann['keypoint'].copy(),
                            total_frames=ann['total_frames']))['keypoint'][0]
        up = (kp[:, 3] - kp[:, 0]).mean(0)
        ups.append(up / np.linalg.norm(up))
    ups = np.array(ups)
    vertical = ups.mean(0) / np.linalg.norm(ups.mean(0))
    return float(np.mean(ups @ vertical > np.cos(np.radians(45))))


def test_nwucla_recipe_keeps_real_sequences_upright(tiny_nwucla):
    # why the recipe only centres NW-UCLA: PYSKL's alignment tilts real sequences at random
    cfg = read_config(str(CONFIGS / 'stgcn' / 'stgcn_nwucla' / 'j.py'))
    with open(tiny_nwucla, 'rb') as f:
        annotations = pickle.load(f)['annotations']
    for pipeline in loader_pipelines(cfg):
        recipe = TRANSFORMS.build(next(t for t in pipeline if t.type == 'PreNormalize3D'))
        assert _upright_share(recipe, annotations) >= 0.95
    assert _upright_share(TRANSFORMS.build(dict(type='PreNormalize3D')), annotations) < 0.9

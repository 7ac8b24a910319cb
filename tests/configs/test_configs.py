"""Every config under configs/ is what runs: read by plain ``Config.fromfile`` it is what the
tools read, it builds its model, and its model, transforms and datasets name one skeleton layout;
stream leaves differ from their joint config only in GenSkeFeat's feats."""
import ast
import pickle
from argparse import Namespace
from pathlib import Path

import numpy as np
import pytest
from mmengine.config import Config
from mmengine.registry import init_default_scope

from stgcn_kit.apis.cli import load_config
from stgcn_kit.registry import MODELS, TRANSFORMS
from stgcn_kit.utils.config import read_config

CONFIGS = Path(__file__).resolve().parents[2] / 'configs'
ALL = sorted(CONFIGS.rglob('*.py'))
LEAVES = [p for p in ALL if '_base_' not in p.parts]
STREAM_LEAVES = [p for p in LEAVES if p.stem in ('b', 'jm', 'bm')]
PIPELINES = ('train_pipeline', 'val_pipeline', 'test_pipeline')


def loader_pipelines(cfg):
    train = cfg.train_dataloader.dataset
    train = train.get('dataset', train)  # RepeatDataset wraps the training set
    return (train.pipeline, cfg.val_dataloader.dataset.pipeline,
            cfg.test_dataloader.dataset.pipeline)


def _datasets(cfg):
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        dataset = cfg[key].dataset
        yield dataset
        if 'dataset' in dataset:
            yield dataset.dataset


def _ids(path):
    return str(path.relative_to(CONFIGS))


@pytest.mark.parametrize('path', ALL, ids=_ids)
def test_the_tools_read_what_mmengine_reads(path):
    plain = Config.fromfile(str(path)).to_dict()
    assert read_config(str(path)).to_dict() == plain
    tools = load_config(Namespace(config=str(path), cfg_options={}, trust_pickle=False))
    assert tools.to_dict() == plain
    # nothing is stated once for a reader to copy elsewhere
    assert not {'layout', 'feats', 'heatmap'} & set(plain)


def layouts_named(cfg) -> dict:
    """Every place of ``cfg`` that names a skeleton layout, and the name there."""
    named = {}
    if 'graph_cfg' in cfg.model.get('backbone', {}):
        named['model.backbone.graph_cfg.layout'] = cfg.model.backbone.graph_cfg.get('layout')
    for i, pipeline in enumerate(loader_pipelines(cfg)):
        for t in pipeline:
            if t.type == 'GenSkeFeat':
                named[f'pipeline {i}: GenSkeFeat.dataset'] = t.dataset
            if 'layout' in t:
                named[f'pipeline {i}: {t.type}.layout'] = t.layout
    for i, dataset in enumerate(_datasets(cfg)):
        if isinstance(dataset.get('num_node'), str):
            named[f'dataset {i}: num_node'] = dataset.num_node
    return named


@pytest.mark.parametrize('path', LEAVES, ids=_ids)
def test_config_loads_and_builds_its_model(path):
    cfg = Config.fromfile(str(path))
    init_default_scope(cfg.default_scope)  # as the runner does before building
    assert cfg.default_scope == 'stgcn_kit' and cfg.runner_type == 'PortableRunner'
    model = MODELS.build(cfg.model)
    assert model.cls_head.fc_cls.out_features == cfg.model.cls_head.num_classes
    named = layouts_named(cfg)
    if 'graph_cfg' in cfg.model.backbone:
        assert len(set(named.values())) == 1 and None not in named.values(), named
    else:  # a heatmap model: its datasets may check records against one layout
        assert len(set(named.values())) <= 1, named
    for pipeline in loader_pipelines(cfg):
        for t in pipeline:
            TRANSFORMS.build(t)
        assert len([t for t in pipeline if t.type == 'GenSkeFeat']) <= 1
    for key, pipeline in zip(PIPELINES, loader_pipelines(cfg)):
        if key in cfg:  # the top-level copy that leaves and inference read is the loader's
            assert cfg[key] == pipeline, key
    test_sampler = [t for t in cfg.test_dataloader.dataset.pipeline
                    if t.type == 'UniformSampleFrames']
    assert all(t.test_mode for t in test_sampler)


@pytest.mark.parametrize('path', STREAM_LEAVES, ids=_ids)
def test_stream_leaf_is_its_joint_config_with_another_stream(path):
    leaf = Config.fromfile(str(path))
    joint = Config.fromfile(str(path.parent / 'j.py'))
    for ours, theirs in zip(loader_pipelines(leaf), loader_pipelines(joint)):
        assert [t.feats for t in ours if t.type == 'GenSkeFeat'] == [[path.stem]]
        assert [t.feats for t in theirs if t.type == 'GenSkeFeat'] == [['j']]
        assert [dict(t, feats=None) for t in ours] == [dict(t, feats=None) for t in theirs]
    for key in ('model', 'optim_wrapper', 'param_scheduler', 'train_cfg', 'val_evaluator'):
        assert leaf[key] == joint[key], key
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        ours, theirs = leaf[key].to_dict(), joint[key].to_dict()
        for loader in (ours, theirs):
            inner = loader['dataset'].get('dataset', loader['dataset'])
            inner.pop('pipeline')
        assert ours == theirs, key


@pytest.mark.parametrize('path', STREAM_LEAVES, ids=_ids)
def test_stream_leaf_states_only_its_pipelines(path):
    # the leaf names its joint config and rebuilds its pipelines and loaders with its stream;
    # the rest follows from the joint config
    names = [target.id for node in ast.parse(path.read_text()).body
             if isinstance(node, ast.Assign) for target in node.targets]
    assert names == ['_base_', *PIPELINES, 'train_dataloader', 'val_dataloader',
                     'test_dataloader']


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
    # the recipe only centres NW-UCLA: the upright Kinects keep the bodies upright
    cfg = Config.fromfile(str(CONFIGS / 'stgcn' / 'stgcn_nwucla' / 'j.py'))
    with open(tiny_nwucla, 'rb') as f:
        annotations = pickle.load(f)['annotations']
    for pipeline in loader_pipelines(cfg):
        recipe = TRANSFORMS.build(next(t for t in pipeline if t.type == 'PreNormalize3D'))
        assert _upright_share(recipe, annotations) >= 0.95

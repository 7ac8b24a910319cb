"""The PoseC3D configs: every leaf builds its model and pipelines, keeps its seed's
hyper-parameters, a limb leaf is its joint config with every ``GeneratePoseTarget`` drawing
limbs, and one training iteration runs on real NW-UCLA skeletons projected to 2D."""
import ast
import pickle
from pathlib import Path

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope

from stgcn_kit.registry import MODELS, TRANSFORMS

CONFIGS = Path(__file__).resolve().parents[2] / 'configs'
LEAVES = sorted((CONFIGS / 'posec3d').rglob('*.py'))
PYSKL_ZOO = ['slowonly_r50_ntu60_xsub', 'slowonly_r50_ntu60_xview', 'slowonly_r50_ntu120_xsub',
             'slowonly_r50_ntu120_xset', 'slowonly_r50_gym', 'c3d_light_ntu60_xsub',
             'c3d_light_gym', 'x3d_shallow_ntu60_xsub', 'x3d_shallow_gym',
             'slowonly_r50_346_k400', 'slowonly_r50_463_k400']
MMACTION = [f'slowonly_r50_u48_240e_{d}_{h}' for d in ('gym', 'ntu60_xsub', 'ntu120_xsub')
            for h in ('keypoint', 'limb')] + [
    f'slowonly_kinetics400_pretrained_r50_u48_120e_{d}_split1_keypoint'
    for d in ('ucf101', 'hmdb51')]


def _pipelines(cfg):
    train = cfg.train_dataloader.dataset
    train = train.get('dataset', train)
    return (train.pipeline, cfg.val_dataloader.dataset.pipeline,
            cfg.test_dataloader.dataset.pipeline)


def test_every_seed_row_has_a_config():
    names = {str(p.relative_to(CONFIGS / 'posec3d').with_suffix('')) for p in LEAVES}
    for folder in PYSKL_ZOO:
        assert {f'{folder}/joint', f'{folder}/limb'} <= names
    assert {'slowonly_r50_diving48/joint', 'slowonly_r50_ucf101_k400p/s1_joint',
            'slowonly_r50_hmdb51_k400p/s1_joint'} <= names
    assert set(MMACTION) <= names


@pytest.mark.parametrize('path', LEAVES, ids=lambda p: str(p.relative_to(CONFIGS)))
def test_leaf_builds_model_and_pipelines(path):
    cfg = Config.fromfile(str(path))
    init_default_scope(cfg.default_scope)
    model = MODELS.build(cfg.model)
    head, backbone = cfg.model.cls_head, cfg.model.backbone
    limb = 'limb' in path.stem
    for pipeline in _pipelines(cfg):
        [target] = [t for t in pipeline if t.type == 'GeneratePoseTarget']
        assert target.with_limb == limb and target.with_kp != limb
        channels = len(target.skeletons) if limb else (20 if 'nwucla' in str(path) else 17)
        assert backbone.in_channels == channels
        for t in pipeline:
            TRANSFORMS.build(t)
    assert model.backbone.feat_dim == head.in_channels
    test = cfg.test_dataloader.dataset.pipeline
    assert [t.test_mode for t in test if t.type == 'UniformSampleFrames'] == [True]
    assert [t.get('double') for t in test if t.type == 'GeneratePoseTarget'] == [True]


def _cfg(name):
    return Config.fromfile(str(CONFIGS / 'posec3d' / name))


def test_seed_hyper_parameters():
    pyskl = _cfg('slowonly_r50_ntu60_xsub/joint.py')
    assert pyskl.optim_wrapper.optimizer.lr == 0.4 and pyskl.train_cfg.max_epochs == 24
    assert pyskl.optim_wrapper.optimizer.weight_decay == 3e-4
    assert pyskl.optim_wrapper.clip_grad.max_norm == 40
    assert pyskl.train_dataloader.dataset.times == 10 and pyskl.train_dataloader.batch_size == 32
    mm = _cfg('slowonly_r50_u48_240e_ntu60_xsub_keypoint.py')
    assert mm.optim_wrapper.optimizer.lr == 0.2 and mm.train_cfg.max_epochs == 240
    assert mm.train_dataloader.batch_size == 16
    assert mm.train_dataloader.dataset.type == 'PoseDataset'
    assert [t.crop_size for t in mm.val_dataloader.dataset.pipeline
            if t.type == 'CenterCrop'] == [64]
    ucf = _cfg('slowonly_kinetics400_pretrained_r50_u48_120e_ucf101_split1_keypoint.py')
    assert ucf.load_from.endswith('k400_posec3d-041f49c6.pth')
    assert ucf.model.backbone.stage_blocks == (3, 4, 6) and ucf.optim_wrapper.optimizer.lr == 0.01
    assert ucf.param_scheduler[0].milestones == [9, 11] and ucf.train_cfg.max_epochs == 12
    k400 = _cfg('slowonly_r50_346_k400/limb.py')
    assert k400.optim_wrapper.optimizer.weight_decay == 1e-4
    assert k400.train_dataloader.dataset.dataset.box_thr == 0.5
    assert k400.model.cls_head.num_classes == 400
    gym = _cfg('c3d_light_gym/limb.py')
    assert gym.model.cls_head.num_classes == 99 and gym.model.backbone.type == 'C3D'
    assert gym.train_dataloader.dataset.dataset.split == 'train'


LIMB_LEAVES = [p for p in LEAVES if p.stem in ('limb', ) or p.stem.endswith('_limb')]


def _joint_of(path):
    return path.parent / ('joint.py' if path.stem == 'limb' else
                          path.name.replace('_limb.py', '_keypoint.py'))


@pytest.mark.parametrize('path', LIMB_LEAVES, ids=lambda p: str(p.relative_to(CONFIGS)))
def test_limb_leaf_states_only_its_pipelines(path):
    # the leaf names its joint config and rebuilds its pipelines and loaders with limb targets
    assigns = [node for node in ast.parse(path.read_text()).body if isinstance(node, ast.Assign)]
    names = [t.id for node in assigns for t in node.targets]
    expected = ['_base_', 'train_pipeline', 'val_pipeline', 'test_pipeline', 'train_dataloader',
                'val_dataloader', 'test_dataloader']
    assert ast.literal_eval(assigns[0].value) == [f'./{_joint_of(path).name}']
    joint = Config.fromfile(str(_joint_of(path)))
    if len(joint.skeletons) != joint.model.backbone.in_channels:
        # one input channel per limb: only layouts with as many limbs as joints need no line
        expected.append('model')
    assert names == expected


@pytest.mark.parametrize('path', LIMB_LEAVES, ids=lambda p: str(p.relative_to(CONFIGS)))
def test_limb_leaf_differs_from_its_joint_config_only_in_the_heatmap_target(path):
    limb, joint = Config.fromfile(str(path)), Config.fromfile(str(_joint_of(path)))
    for ours, theirs in zip(_pipelines(limb), _pipelines(joint)):
        [i] = [i for i, t in enumerate(ours) if t.type == 'GeneratePoseTarget']
        assert ours[:i] + ours[i + 1:] == theirs[:i] + theirs[i + 1:]
        assert (theirs[i].with_kp, theirs[i].with_limb) == (True, False)
        expected = dict(theirs[i], with_kp=False, with_limb=True, skeletons=joint.skeletons)
        if theirs[i].get('double'):
            expected.update(left_limb=joint.left_limb, right_limb=joint.right_limb)
        assert ours[i] == expected
    joint.model.backbone.in_channels = len(joint.skeletons)
    assert limb.model == joint.model and limb.optim_wrapper == joint.optim_wrapper
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        ours, theirs = limb[key].to_dict(), joint[key].to_dict()
        for loader in (ours, theirs):
            loader['dataset'].get('dataset', loader['dataset']).pop('pipeline')
        assert ours == theirs, key


def test_kinetics_pipelines_decompress_first():
    for name in ('slowonly_r50_346_k400/joint.py', 'slowonly_r50_463_k400/limb.py'):
        for pipeline in _pipelines(_cfg(name)):
            assert [t.type for t in pipeline[:2]] == ['DecompressPose', 'UniformSampleFrames']
            assert pipeline[0].squeeze is True


def test_ntu120_xsub_draws_its_second_half_twice_as_often():
    for name in ('slowonly_r50_ntu120_xsub/limb.py', 'slowonly_r50_u48_240e_ntu120_xsub_limb.py'):
        train = _cfg(name).train_dataloader.dataset
        train = train.get('dataset', train)
        assert train.class_prob == [1] * 60 + [2] * 60


def test_one_training_iteration_on_projected_nwucla(tiny_nwucla):
    """X3D-shallow's NW-UCLA pipeline on real skeletons, shrunk (8 frames, 32 x 32, 2 samples):
    the heatmaps are not empty and one SGD step changes the weights."""
    torch.manual_seed(0)
    np.random.seed(0)
    cfg = _cfg('x3d_shallow_nwucla/limb.py')
    init_default_scope('stgcn_kit')
    with open(tiny_nwucla, 'rb') as f:
        records = pickle.load(f)['annotations'][:2]
    pipeline = []
    for t in cfg.train_dataloader.dataset.pipeline:
        t = dict(t)
        if t['type'] == 'UniformSampleFrames':
            t['clip_len'] = 8
        if t['type'] == 'Resize' and t.get('keep_ratio') is False:
            t['scale'] = (32, 32)
        pipeline.append(TRANSFORMS.build(t))
    packed = []
    for record in records:
        results = dict(record)
        for t in pipeline:
            results = t(results)
        packed.append(results)
    inputs = torch.stack([p['inputs'] for p in packed])
    assert inputs.shape == (2, 1, 19, 8, 32, 32)
    assert (inputs.amax((2, 3, 4, 5)) > 0.5).all()  # every clip draws its limbs
    model = MODELS.build(cfg.model)
    optim = torch.optim.SGD(model.parameters(), lr=0.1)
    before = model.cls_head.fc_cls.weight.detach().clone()
    losses = model(inputs, [p['data_samples'] for p in packed], mode='loss')
    losses['loss_cls'].backward()
    optim.step()
    assert torch.isfinite(losses['loss_cls'])
    assert not torch.equal(before, model.cls_head.fc_cls.weight)

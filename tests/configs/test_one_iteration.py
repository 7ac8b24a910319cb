"""Every kind of config trains one iteration on real data of its layout and dimensionality: the
NTU RGB+D .skeleton files for 3D NTU and BABEL configs, Kinetics-skeleton clips for 2D (OpenPose
joints, and the same joints in COCO-17 order for the HRNet configs), NW-UCLA for NW-UCLA.

Configs are grouped by what the iteration exercises (layout, persons, training pipeline, model
structure, loss); one config of each group runs, with its full-size model, optimizer and
training pipeline, on one sample."""
import copy
from pathlib import Path

import numpy as np
import pytest
import torch
from mmengine.dataset import default_collate
from mmengine.optim import build_optim_wrapper
from mmengine.registry import init_default_scope

from stgcn_kit.registry import DATASETS, MODELS
from stgcn_kit.utils import dump_pickle, load_pickle
from stgcn_kit.utils.config import read_config

CONFIGS = Path(__file__).resolve().parents[2] / 'configs'
# the configs of the families with recipe cards; their PoseC3D (Recognizer3D) configs have their
# own one-step test
LEAVES = sorted(p for metafile in CONFIGS.glob('*/metafile.yml')
                for p in metafile.parent.rglob('*.py'))
SPLITS = ('train', 'val', 'xsub_train', 'xsub_val', 'xview_train', 'xview_val', 'xset_train',
          'xset_val')


def _inner(dataset):
    return dataset.dataset if dataset.type == 'RepeatDataset' else dataset


def group_of(cfg) -> tuple:
    backbone = cfg.model.backbone
    model = tuple(sorted((k, str(v)) for k, v in backbone.items() if k != 'graph_cfg'))
    pipeline = tuple(t.type for t in _inner(cfg.train_dataloader.dataset).pipeline)
    loss = (cfg.model.cls_head.get('loss_cls') or {}).get('type')
    graph = tuple(backbone.graph_cfg.get(k) for k in ('layout', 'mode', 'center', 'norm'))
    return (graph, model, pipeline, loss, cfg.train_dataloader.dataset.type)


def _representatives():
    groups = {}
    for path in LEAVES:
        cfg = read_config(str(path))
        if cfg.model.type != 'Recognizer3D':
            groups.setdefault(group_of(cfg), path)
    return sorted(groups.values())


def _with_all_splits(annotations: list, out: Path) -> str:
    names = [r['frame_dir'] for r in annotations]
    dump_pickle(dict(split={s: names for s in SPLITS}, annotations=annotations), str(out))
    return str(out)


@pytest.fixture(scope='module')
def tiny_data(shared_data, tiny_nwucla, tmp_path_factory):
    from stgcn_kit.datasets.raw.kinetics import convert_kinetics
    from stgcn_kit.datasets.raw.ntu import convert_ntu
    from stgcn_kit.pose.landmarks import OPENPOSE_TO_LAYOUT, map_joints, map_scores
    tmp = tmp_path_factory.mktemp('tiny')
    ntu = [r for r in convert_ntu(str(shared_data / 'ntu-rgbd-raw'),
                                  dataset='ntu120')['annotations']][:4]
    kinetics = convert_kinetics(str(shared_data / 'kinetics-skeleton'))['annotations'][:4]
    coco = OPENPOSE_TO_LAYOUT[18]['coco']
    hrnet = [dict(r, keypoint=map_joints(r['keypoint'], coco),
                  keypoint_score=map_scores(r['keypoint_score'], coco),
                  label=int(r['label']) % 60) for r in kinetics]
    # BABEL's clips: one person, 150 frames each (looped or cut here)
    babel = [dict(r, keypoint=r['keypoint'][:1, np.arange(150) % r['total_frames']],
                  total_frames=150) for r in ntu]
    nwucla = load_pickle(str(tiny_nwucla))
    return {'nturgb+d': _with_all_splits(ntu, tmp / 'ntu.pkl'),
            'ntu-rgb+d': _with_all_splits(ntu, tmp / 'ntu.pkl'),
            'babel': _with_all_splits(babel, tmp / 'babel.pkl'),
            'openpose': _with_all_splits(kinetics, tmp / 'kinetics.pkl'),
            'coco': _with_all_splits(hrnet, tmp / 'hrnet.pkl'),
            'nw-ucla': _with_all_splits(nwucla['annotations'], tmp / 'nwucla.pkl')}


@pytest.mark.parametrize('path', _representatives(), ids=lambda p: str(p.relative_to(CONFIGS)))
def test_one_training_iteration_on_real_data(path, tiny_data):
    torch.manual_seed(0)
    cfg = read_config(str(path))
    init_default_scope(cfg.default_scope)
    dataset_cfg = copy.deepcopy(cfg.train_dataloader.dataset)
    inner = _inner(dataset_cfg)
    key = 'babel' if 'babel' in str(path) else cfg.model.backbone.graph_cfg.layout
    inner.ann_file = tiny_data[key]
    dataset = DATASETS.build(dataset_cfg)
    batch = default_collate([dataset[0]])
    num_classes = cfg.model.cls_head.num_classes
    for sample in batch['data_samples']:
        sample.gt_label = sample.gt_label % num_classes
    model = MODELS.build(cfg.model).train()
    optim_wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    before = [p.detach().clone() for p in model.parameters()]
    data = model.data_preprocessor(batch, training=True)
    losses = model(**data, mode='loss')
    assert torch.isfinite(losses['loss_cls'])
    optim_wrapper.update_params(losses['loss_cls'])
    changed = [not torch.equal(a, p) for a, p in zip(before, model.parameters())]
    assert np.mean(changed) > 0.5  # the step moved most parameters

"""mmaction2 1.x's PoseC3D configs build unchanged: the model and every transform of each
``configs/skeleton/posec3d/*.py`` (mmaction2 4d6c9347, read with mmengine's Config.fromfile and
stored in tests/data/posec3d/mmaction2_posec3d.json), and their pipelines run on a 2D record
(a compressed one where they start with DecompressPose)."""
import copy
import json
from pathlib import Path

import numpy as np
import pytest
from mmengine.registry import init_default_scope

from stgcn_kit.datasets import PoseDataset
from stgcn_kit.errors import DataError
from stgcn_kit.registry import MODELS, TRANSFORMS
from stgcn_kit.utils import dump_pickle

DATA = Path(__file__).resolve().parents[1] / 'data' / 'posec3d' / 'mmaction2_posec3d.json'
CONFIGS = json.loads(DATA.read_text())['configs']
SPLITS = ('train', 'val', 'test')


@pytest.fixture(autouse=True)
def _scope():
    init_default_scope('stgcn_kit')


def test_all_seven_configs_are_stored():
    assert len(CONFIGS) == 7 and sum('k400' in name for name in CONFIGS) == 1


@pytest.mark.parametrize('name', sorted(CONFIGS))
def test_model_builds_with_head_level_average_clips(name):
    cfg = copy.deepcopy(CONFIGS[name]['model'])
    model = MODELS.build(cfg)
    assert model.test_cfg['average_clips'] == cfg['cls_head']['average_clips'] == 'prob'
    assert model.cls_head.fc_cls.out_features == cfg['cls_head']['num_classes']
    assert model.cls_head.dropout.p == 0.5
    # conv1_stride_s / pool1_stride_s = 1: the stem keeps the 64 x 64 heatmaps' size
    assert tuple(model.backbone.conv1.conv.stride) == (1, 1, 1)
    blocks = [len(getattr(model.backbone, f'layer{i}')) for i in (1, 2, 3)]
    assert blocks == cfg['backbone']['stage_blocks']


@pytest.mark.parametrize('name', sorted(CONFIGS))
def test_every_transform_builds(name):
    for split in SPLITS:
        for t in CONFIGS[name][f'{split}_pipeline']:
            assert type(TRANSFORMS.build(copy.deepcopy(t))).__name__ == t['type']


def _record(compressed):
    rng = np.random.default_rng(0)
    kp = rng.uniform(100, 300, (2, 60, 17, 2)).astype(np.float32)
    score = rng.uniform(0.2, 1, (2, 60, 17)).astype(np.float32)
    record = dict(frame_dir='x', label=3, img_shape=(480, 640), original_shape=(480, 640),
                  total_frames=60, keypoint=kp, keypoint_score=score)
    if compressed:  # the same poses, one row per box, frame by frame
        boxes = np.concatenate([kp, score[..., None]], -1).transpose(1, 0, 2, 3)
        record.update(keypoint=boxes.reshape(120, 17, 3).astype(np.float16),
                      frame_inds=np.repeat(np.arange(60), 2))
        del record['keypoint_score']
    return record


@pytest.mark.parametrize('name', sorted(CONFIGS))
def test_pipelines_run(name):
    compressed = CONFIGS[name]['train_pipeline'][0]['type'] == 'DecompressPose'
    shapes = {}
    for split in ('train', 'val'):
        results = _record(compressed)
        for t in CONFIGS[name][f'{split}_pipeline']:
            results = TRANSFORMS.build(copy.deepcopy(t))(results)
        shapes[split] = tuple(results['inputs'].shape)
        assert results['data_samples'].gt_label.item() == 3
        assert results['inputs'].amax() > 0.5           # the poses are drawn
    size = 48 if 'kinetics400-pretrained' in name else 56
    assert shapes['train'] == (1, 17, 48, size, size)
    assert shapes['val'][:3] == (1, 17, 48)


def test_dataset_arguments_are_accepted(tmp_path):
    """Each config's dataset arguments build a PoseDataset over a file of our records; the
    per-sample skeleton files of the Kinetics config (data_prefix['skeleton']) are refused with
    a message saying so."""
    ann = tmp_path / 'ann.pkl'
    splits = {s: ['x'] for s in ('train', 'val', 'train1', 'test1', 'xsub_train', 'xsub_val')}
    record = dict(_record(False), valid={0.5: 60})
    dump_pickle(dict(split=splits, annotations=[record]), ann)
    distinct = {json.dumps({k: v for k, v in cfg[f'{split}_dataset'].items()
                            if k not in ('type', 'ann_file')}, sort_keys=True)
                for cfg in CONFIGS.values() for split in SPLITS}
    for kwargs in map(json.loads, sorted(distinct)):
        if 'data_prefix' in kwargs:
            with pytest.raises(DataError, match=r"data_prefix\['skeleton'\]"):
                PoseDataset(str(ann), **kwargs)
            del kwargs['data_prefix']
        assert len(PoseDataset(str(ann), **kwargs)) == 1

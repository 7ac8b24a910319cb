"""The config written for a pickle: numbers read from the data, the small-data schedule, and a
config from custom_gendata.py that trains as written."""
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import default_collate

from stgcn_kit.apis.data_config import (
    build_config,
    clip_length,
    make_config,
    schedule_for,
    summarize,
)
from stgcn_kit.apis.train import configure_training, train_model
from stgcn_kit.registry import DATASETS, MODELS
from stgcn_kit.utils.io import dump_pickle, load_pickle

REPO = Path(__file__).resolve().parents[2]


def test_schedule_grows_epochs_as_data_shrinks_and_warms_up_a_tenth():
    sizes = [5, 50, 102, 307, 1020, 5000, 40000]
    epochs = [schedule_for(n)['max_epochs'] for n in sizes]
    assert epochs == sorted(epochs, reverse=True)
    assert epochs[0] == 120 and epochs[-1] == 16  # the clamps
    assert [schedule_for(n)['max_epochs'] for n in (102, 307, 1020)] == [110, 63, 35]
    for n in sizes:
        sched = schedule_for(n)
        iters = -(-n // 16)
        # a tenth of the run, and at least two whole iterations of warm-up
        assert sched['warmup_epochs'] == pytest.approx(max(sched['max_epochs'] / 10, 2 / iters),
                                                       abs=1e-4)
        assert int(sched['warmup_epochs'] * iters) >= 2
    with pytest.raises(ValueError):
        schedule_for(0)


def test_clip_length_is_the_75th_percentile_rounded_up_to_four_within_bounds():
    assert clip_length((10, 20, 33, 90)) == 36
    assert clip_length((10, 20, 36, 90)) == 36
    assert clip_length((10, 33, 50, 90)) == 52
    assert clip_length((1, 3, 5, 8)) == 16
    assert clip_length((100, 300, 400, 500)) == 100


def test_summary_of_the_real_nwucla_subset(tiny_nwucla):
    anno = load_pickle(str(tiny_nwucla))
    summary = summarize(anno, str(tiny_nwucla))
    train = set(anno['split']['train'])
    lengths = sorted(r['total_frames'] for r in anno['annotations'] if r['frame_dir'] in train)
    assert (summary.num_train, summary.num_val, summary.num_classes) == (30, 10, 10)
    assert (summary.num_person, summary.dims, summary.in_channels) == (1, 3, 3)
    assert summary.lengths[1] == pytest.approx(np.median(lengths))
    with pytest.raises(ValueError, match="no split 'test'"):
        summarize(anno, 'x.pkl', val_split='test')


def _arrays_from(pickle_path, folder):
    """The NW-UCLA subset as a user's folder of (T, V, C) .npy files plus a CSV."""
    anno = load_pickle(str(pickle_path))
    split = {n: s for s in ('train', 'val') for n in anno['split'][s]}  # the cross-view split
    folder.mkdir()
    rows = ['name,label,split']
    for record in anno['annotations']:
        np.save(folder / f'{record["frame_dir"]}.npy', record['keypoint'][0])
        rows.append(f'{record["frame_dir"]},{record["label"]},{split[record["frame_dir"]]}')
    (folder / 'labels.csv').write_text('\n'.join(rows) + '\n')


def test_custom_gendata_writes_a_config_that_trains_as_written(tiny_nwucla, tmp_path):
    _arrays_from(tiny_nwucla, tmp_path / 'poses')
    project = tmp_path / 'my_project'
    project.mkdir()
    done = subprocess.run(
        [sys.executable, str(REPO / 'tools' / 'data' / 'custom_gendata.py'), '--data-path',
         str(tmp_path / 'poses'), '--labels', str(tmp_path / 'poses' / 'labels.csv'),
         '--layout', 'nw-ucla', '--out', str(project / 'mine.pkl'), '--streams', 'j', 'b'],
        check=True, capture_output=True, text=True, cwd=str(tmp_path))
    config = project / 'mine_stgcn_j.py'
    assert f'wrote {config}: 30 training samples -> 120 epochs' in done.stdout
    bone = Config.fromfile(str(project / 'mine_stgcn_b.py'))
    assert [s['feats'] for s in bone.test_dataloader.dataset.pipeline
            if s['type'] == 'GenSkeFeat'] == [['b']]
    cfg = Config.fromfile(str(config))
    assert cfg.model.backbone.in_channels == 3 and cfg.model.cls_head.num_classes == 10
    assert cfg.train_dataloader.dataset.ann_file == str(project / 'mine.pkl')
    # the schedule base's own names say what runs, not the base's defaults
    assert cfg.max_epochs == cfg.train_cfg.max_epochs == 120
    assert cfg.warmup_epochs == cfg.param_scheduler[0].end
    # as written, except one epoch (two iterations of 16) instead of 120
    cfg.train_cfg.max_epochs = 1
    train_model(configure_training(cfg, validate=True), work_dir=str(tmp_path / 'work'))
    assert (tmp_path / 'work' / 'epoch_1.pth').exists()


def test_a_2d_custom_layout_with_scores_gets_three_channels_and_two_persons(tmp_path):
    rng = np.random.default_rng(0)
    layout = dict(num_node=5, inward=[[1, 0], [2, 1], [3, 1], [4, 0]], center=0)
    records = []
    for i in range(6):
        people = 2 if i % 2 else 1
        frames = 20 + 4 * i
        records.append(dict(frame_dir=f's{i}', label=i % 3, total_frames=frames,
                            img_shape=(480, 640),
                            keypoint=rng.uniform(0, 480, (people, frames, 5, 2)).astype('f4'),
                            keypoint_score=rng.uniform(size=(people, frames, 5)).astype('f4')))
    anno = dict(split=dict(train=['s0', 's1', 's2', 's3'], val=['s4', 's5']), annotations=records)
    dump_pickle(anno, str(tmp_path / 'mine.pkl'))
    out = tmp_path / 'cfg.py'
    make_config(str(tmp_path / 'mine.pkl'), layout, str(out))
    cfg = Config.fromfile(str(out))
    assert cfg.model.backbone.in_channels == 3 and cfg.model.backbone.num_person == 2
    assert cfg.model.cls_head.num_classes == 3
    assert cfg.train_dataloader.dataset.pipeline[0] == dict(type='PreNormalize2D', mode='fix')
    # the training split's lengths 20, 24, 28, 32: 75th percentile 29
    assert [t.clip_len for t in cfg.train_dataloader.dataset.pipeline
            if t.type == 'UniformSampleFrames'] == [32]
    dataset = DATASETS.build(cfg.train_dataloader.dataset)
    model = MODELS.build(cfg.model)
    batch = model.data_preprocessor(default_collate([dataset[0], dataset[1]]), True)
    losses = model(**batch, mode='loss')
    assert torch.isfinite(losses['loss_cls'])


def test_build_config_rejects_an_unknown_layout(tiny_nwucla):
    summary = summarize(load_pickle(str(tiny_nwucla)), 'x')
    with pytest.raises(ValueError, match='unknown layout'):
        build_config(summary, 'x.pkl', 'no-such-layout')

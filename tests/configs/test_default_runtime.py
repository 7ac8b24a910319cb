"""configs/_base_/default_runtime.py: the training log's accuracy is the epoch's running mean,
and TensorBoard is one config line away."""
import json
from pathlib import Path

import pytest
from mmengine.config import Config

from stgcn_kit.apis.train import configure_training, train_model

REPO = Path(__file__).resolve().parents[2]


def test_logged_top1_acc_is_the_running_mean_of_the_epoch(tiny_cfg, tmp_path):
    # 30 training samples, batches of 4 (the last of 2), a log line every iteration
    train_model(configure_training(tiny_cfg(), seed=0), work_dir=str(tmp_path / 'work'))
    scalars = next((tmp_path / 'work').glob('*/vis_data/scalars.json'))
    logged = [json.loads(line)['top1_acc'] for line in scalars.read_text().splitlines()
              if 'top1_acc' in line]
    assert len(logged) == 8
    # undo the running mean: batch i's own accuracy (batches weigh equally, as the log averages
    # per iteration) must be a whole number of hits out of the batch's 4 (or 2) clips
    for i, mean in enumerate(logged, 1):
        previous = logged[i - 2] * (i - 1) if i > 1 else 0.0
        batch = mean * i - previous
        size = 2 if i == 8 else 4
        assert batch * size == pytest.approx(round(batch * size), abs=0.01 * i)
        assert -0.01 * i <= batch <= 1 + 0.01 * i
    assert len(set(logged)) > 1


def test_tensorboard_is_one_line_beside_the_json_backend(tmp_path):
    leaf = tmp_path / 'j.py'
    leaf.write_text(f"_base_ = ['{REPO}/configs/stgcn/stgcn_nwucla/j.py']\n"
                    "visualizer = dict(vis_backends=[dict(type='LocalVisBackend'), "
                    "dict(type='TensorboardVisBackend')])\n")
    cfg = Config.fromfile(str(leaf))
    assert cfg.visualizer.type == 'Visualizer'
    assert [b['type'] for b in cfg.visualizer.vis_backends] == ['LocalVisBackend',
                                                                 'TensorboardVisBackend']
    plain = Config.fromfile(str(REPO / 'configs' / 'stgcn' / 'stgcn_nwucla' / 'j.py'))
    assert [b['type'] for b in plain.visualizer.vis_backends] == ['LocalVisBackend']

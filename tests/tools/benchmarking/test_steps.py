"""The benchmark's models and inputs: PoseC3D models by name, their heatmap-volume inputs and
a training step, at tiny sizes."""
import pytest
import torch
from benchmarking import steps
from torch import nn

CPU = torch.device('cpu')


@pytest.mark.parametrize('name,feat', [('SlowOnly-R50', 512), ('C3D-light', 256),
                                       ('X3D-shallow', 216)])
def test_posec3d_models_build_from_their_configs_with_heatmap_inputs(name, feat):
    cfg = steps.model_cfg(name)
    assert steps.is_posec3d(cfg) and cfg['cls_head']['in_channels'] == feat
    model = steps.build_model(cfg, CPU)
    inputs, labels = steps.random_batch(model, 3, 8, CPU, size=32)
    assert inputs.shape == (3, 1, 17, 8, 32, 32)  # N, views, 17 keypoint heatmaps, T, H, W
    assert 0 <= inputs.min() and inputs.max() < 1
    assert labels.shape == (3, ) and labels.max() < 60
    scores = steps.infer_fn(model, inputs)()
    assert scores.shape == (3, 60) and not scores.requires_grad
    # a training step changes the weights; every build has the same ones
    before = {k: v.clone() for k, v in model.state_dict().items()}
    steps.train_step_fn(model, inputs, labels)()
    changed = [k for k, v in model.state_dict().items() if not torch.equal(v, before[k])]
    assert 'cls_head.fc_cls.weight' in changed and any('conv.weight' in k for k in changed)
    again = steps.build_model(cfg, CPU).state_dict()
    assert all(torch.equal(again[k], v) for k, v in before.items())


def test_posec3d_batch_norms_are_not_the_identity():
    model = steps.build_model(steps.model_cfg('C3D-light'), CPU)
    bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm3d)]
    assert bns and all(not torch.all(bn.running_var == 1) for bn in bns)
    assert all(0.5 <= bn.weight.min() and bn.weight.max() <= 1.5 for bn in bns)


def test_posec3d_inputs_need_a_size():
    model = steps.build_model(steps.model_cfg('X3D-shallow'), CPU)
    with pytest.raises(ValueError, match='needs the heatmap size'):
        steps.random_batch(model, 1, 8, CPU)


def test_unknown_names_list_posec3d_models():
    with pytest.raises(ValueError, match="'R3D' is neither a config file.*'X3D-shallow'"):
        steps.model_cfg('R3D')

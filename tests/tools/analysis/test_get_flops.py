import importlib.util
from pathlib import Path

import torch

from stgcn_kit.models.gcn import unit_gcn
from stgcn_kit.registry import MODELS
from stgcn_kit.utils.config import read_config

REPO = Path(__file__).resolve().parents[3]


def _tool():
    spec = importlib.util.spec_from_file_location('get_flops',
                                                  REPO / 'tools' / 'analysis' / 'get_flops.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _hand_count(model, x):
    """Multiply-adds counted by forward hooks: each graph unit ``(N, C_in, T, V) -> (N, C_out,
    T, V)`` as its 1x1 projection to ``K * C_out`` channels (``C_in * K`` per output element)
    plus the product with the ``(K, V, V)`` graph (``K * V`` per output element); every other
    Conv2d / Linear from its output size."""
    total = []

    def layer_hook(module, inputs, output):
        if isinstance(module, torch.nn.Conv2d):
            k = module.kernel_size[0] * module.kernel_size[1]
            total.append(output.numel() * module.in_channels // module.groups * k)
        else:
            total.append(output.numel() * module.in_features)

    def unit_hook(module, inputs, output):
        k, v = module.A.shape[0], module.A.shape[-1]
        total.append(output.numel() * (inputs[0].shape[1] * k + k * v))

    units = [name for name, m in model.named_modules() if isinstance(m, unit_gcn)]
    assert len(units) == 10
    for name, m in model.named_modules():
        if name in units:
            m.register_forward_hook(unit_hook)
        elif isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)) and not any(
                name.startswith(unit + '.') for unit in units):
            m.register_forward_hook(layer_hook)
    with torch.no_grad():
        model(x)
    return sum(total)


def test_shape_from_the_config_and_flops_match_a_count_by_hand():
    tool = _tool()
    cfg = read_config(str(REPO / 'configs' / 'stgcn' / 'stgcn_nwucla' / 'j.py'))
    shape = tool.clip_shape(cfg)
    assert shape == (1, 52, 20, 3)  # one person, 52-frame clips, NW-UCLA's 20 joints, xyz
    flops, params = tool.complexity(cfg, shape)
    model = MODELS.build(cfg.model).eval()
    assert params == sum(p.numel() for p in model.parameters())
    by_hand = _hand_count(model, torch.zeros(1, *shape))
    # BN and the additions of residuals are not counted by either
    assert abs(flops - by_hand) <= 0.01 * by_hand

"""Checkpoint conversion: an original ST-GCN re-implemented here, PYSKL and mmaction2 wrappers."""
import importlib.util
import sys
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from stgcn_kit.models import RecognizerGCN
from stgcn_kit.models.checkpoint_convert import convert_checkpoint
from stgcn_kit.models.graph import Graph

REPO = Path(__file__).resolve().parents[2]
# (in, out, stride) of a 4-block original-style network; block 0 has no residual
BLOCKS = [(3, 8, 1), (8, 8, 1), (8, 16, 2), (16, 16, 1)]
NUM_CLASSES, V, K = 5, 25, 3


def _cli():
    spec = importlib.util.spec_from_file_location('convert_checkpoint',
                                                  REPO / 'tools' / 'convert_checkpoint.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _bn_params(prefix, c, gen):
    return {f'{prefix}.weight': torch.rand(c, generator=gen) + 0.5,
            f'{prefix}.bias': torch.randn(c, generator=gen) * 0.1,
            f'{prefix}.running_mean': torch.randn(c, generator=gen) * 0.1,
            f'{prefix}.running_var': torch.rand(c, generator=gen) + 0.5,
            f'{prefix}.num_batches_tracked': torch.tensor(7)}


def original_state_dict(edge_importance=True):
    """Random weights with non-trivial BN statistics, named as yysijie/st-gcn names them."""
    gen = torch.Generator().manual_seed(1)
    A = torch.tensor(Graph('ntu-rgb+d', 'stgcn_spatial').A)
    state = {'A': A, **_bn_params('data_bn', 3 * V, gen)}
    for i, (c_in, c_out, stride) in enumerate(BLOCKS):
        p = f'st_gcn_networks.{i}'
        state[f'{p}.gcn.conv.weight'] = torch.randn(K * c_out, c_in, 1, 1, generator=gen) * 0.3
        state[f'{p}.gcn.conv.bias'] = torch.randn(K * c_out, generator=gen) * 0.1
        state.update(_bn_params(f'{p}.tcn.0', c_out, gen))
        state[f'{p}.tcn.2.weight'] = torch.randn(c_out, c_out, 9, 1, generator=gen) * 0.1
        state[f'{p}.tcn.2.bias'] = torch.randn(c_out, generator=gen) * 0.1
        state.update(_bn_params(f'{p}.tcn.3', c_out, gen))
        if i > 0 and (c_in != c_out or stride != 1):
            state[f'{p}.residual.0.weight'] = torch.randn(c_out, c_in, 1, 1, generator=gen) * 0.3
            state[f'{p}.residual.0.bias'] = torch.randn(c_out, generator=gen) * 0.1
            state.update(_bn_params(f'{p}.residual.1', c_out, gen))
        if edge_importance:
            state[f'edge_importance.{i}'] = torch.rand(A.shape, generator=gen) + 0.5
    state['fcn.weight'] = torch.randn(NUM_CLASSES, 16, 1, 1, generator=gen)
    state['fcn.bias'] = torch.randn(NUM_CLASSES, generator=gen)
    return state


def original_forward(state, x):
    """The original ST-GCN in eval mode, written from its layer order; ``x`` is ``(N, C, T, V, M)``.

    Block: gcn 1x1 conv -> sum_k over A_k * importance_k -> BN -> ReLU -> conv(9,1) -> BN,
    plus residual, ReLU. Input BN over (V, C) per person; head: pool over T, V, mean over M, fcn.
    """
    def bn(t, p):
        return F.batch_norm(t, state[f'{p}.running_mean'], state[f'{p}.running_var'],
                            state[f'{p}.weight'], state[f'{p}.bias'], training=False)

    n, c, t, v, m = x.shape
    x = bn(x.permute(0, 4, 3, 1, 2).reshape(n * m, v * c, t), 'data_bn')
    x = x.view(n, m, v, c, t).permute(0, 1, 3, 4, 2).reshape(n * m, c, t, v)
    for i, (_, c_out, stride) in enumerate(BLOCKS):
        p = f'st_gcn_networks.{i}'
        if f'{p}.residual.0.weight' in state:
            res = bn(F.conv2d(x, state[f'{p}.residual.0.weight'], state[f'{p}.residual.0.bias'],
                              stride=(stride, 1)), f'{p}.residual.1')
        else:
            res = 0 if i == 0 else x
        y = F.conv2d(x, state[f'{p}.gcn.conv.weight'], state[f'{p}.gcn.conv.bias'])
        graph = state['A'] * state.get(f'edge_importance.{i}', 1)
        y = y.view(y.shape[0], K, c_out, y.shape[2], v)
        out = sum(torch.einsum('nctv,vw->nctw', y[:, k], graph[k]) for k in range(K))
        out = F.relu(bn(out, f'{p}.tcn.0'))
        out = F.conv2d(out, state[f'{p}.tcn.2.weight'], state[f'{p}.tcn.2.bias'],
                       stride=(stride, 1), padding=(4, 0))
        x = F.relu(bn(out, f'{p}.tcn.3') + res)
    x = x.mean((2, 3)).view(n, m, -1).mean(1)
    return F.conv2d(x[..., None, None], state['fcn.weight'], state['fcn.bias']).view(n, -1)


def recognizer():
    return RecognizerGCN(
        backbone=dict(type='STGCN', graph_cfg=dict(layout='ntu-rgb+d', mode='stgcn_spatial'),
                      base_channels=8, num_stages=4, inflate_stages=[3], down_stages=[3]),
        cls_head=dict(type='GCNHead', num_classes=NUM_CLASSES, in_channels=16))


def _load_converted(path):
    model = recognizer()
    ckpt = torch.load(path, weights_only=True)
    model.load_state_dict(ckpt['state_dict'], strict=True)
    return model.eval(), ckpt['meta']


def _input():
    x = torch.randn(2, 2, 12, V, 3, generator=torch.Generator().manual_seed(2))
    x[1, 1] = 0  # a zero-padded second person
    return x


@pytest.mark.parametrize('edge_importance', [True, False])
def test_original_stgcn_outputs_are_reproduced(tmp_path, edge_importance):
    state = original_state_dict(edge_importance)
    torch.save(state, tmp_path / 'st_gcn.pt')
    lines = []
    convert_checkpoint(tmp_path / 'st_gcn.pt', tmp_path / 'out.pth', 'stgcn', NUM_CLASSES,
                       log=lines.append)
    model, meta = _load_converted(tmp_path / 'out.pth')
    assert meta['num_classes'] == NUM_CLASSES and meta['converted_from'] == 'stgcn'
    assert 'st_gcn_networks.2.tcn.2.weight -> backbone.gcn.2.tcn.conv.weight' in lines
    x = _input()
    with torch.no_grad():
        ours = model(x, mode='tensor')
    expected = original_forward(state, x.permute(0, 4, 2, 3, 1))
    assert (ours - expected).abs().max().item() <= 1e-4


def test_mmaction2_legacy_stgcn_layout(tmp_path):
    state = {('cls_head.fc.' + k[4:] if k.startswith('fcn.') else 'backbone.' + k): v
             for k, v in original_state_dict().items()}
    torch.save({'state_dict': state, 'meta': {'epoch': 3}}, tmp_path / 'mm0.pth')
    convert_checkpoint(tmp_path / 'mm0.pth', tmp_path / 'out.pth', 'mmaction2', log=lambda s: None)
    model, _ = _load_converted(tmp_path / 'out.pth')
    with torch.no_grad():
        ours = model(_input(), mode='tensor')
    expected = original_forward(original_state_dict(), _input().permute(0, 4, 2, 3, 1))
    assert (ours - expected).abs().max().item() <= 1e-4


def _trained_like_state():
    model = recognizer()
    with torch.no_grad():
        for p in model.parameters():
            p.uniform_(-0.5, 0.5)
    return model.state_dict()


@pytest.mark.parametrize('src_format,rename', [
    ('pyskl', lambda k: k),
    ('mmaction2', lambda k: k.replace('cls_head.fc_cls.', 'cls_head.fc.')),
])
def test_wrapped_checkpoints_keep_every_tensor(tmp_path, src_format, rename):
    state = _trained_like_state()
    wrapped = {'meta': {'epoch': 16}, 'state_dict': {rename(k): v for k, v in state.items()}}
    if src_format == 'mmaction2':
        wrapped['state_dict'] = {f'module.{k}': v for k, v in wrapped['state_dict'].items()}
    torch.save(wrapped, tmp_path / 'src.pth')
    convert_checkpoint(tmp_path / 'src.pth', tmp_path / 'out.pth', src_format, log=lambda s: None)
    model, _ = _load_converted(tmp_path / 'out.pth')
    for key, value in state.items():
        torch.testing.assert_close(model.state_dict()[key], value, msg=key)


def test_cli_converts_and_prints_each_rename(tmp_path, monkeypatch, capsys):
    torch.save(original_state_dict(), tmp_path / 'st_gcn.pt')
    monkeypatch.setattr(sys, 'argv', ['convert_checkpoint.py', str(tmp_path / 'st_gcn.pt'),
                                      str(tmp_path / 'out.pth'), '--src-format', 'stgcn'])
    _cli().main()
    printed = capsys.readouterr().out
    assert 'fcn.weight -> cls_head.fc_cls.weight' in printed
    assert 'A -> backbone.gcn.3.gcn.A' in printed
    _load_converted(tmp_path / 'out.pth')


@pytest.mark.parametrize('src_format,bad_key', [
    ('stgcn', 'st_gcn_networks.0.tcn.5.weight'),
    ('pyskl', 'neck.fc.weight'),
    ('mmaction2', 'backbone.extra_layer'),
])
def test_unknown_key_fails_naming_it(tmp_path, monkeypatch, src_format, bad_key):
    state = original_state_dict() if src_format == 'stgcn' else dict(_trained_like_state())
    state[bad_key] = torch.zeros(1)
    torch.save(state, tmp_path / 'src.pth')
    monkeypatch.setattr(sys, 'argv', ['convert_checkpoint.py', str(tmp_path / 'src.pth'),
                                      str(tmp_path / 'out.pth'), '--src-format', src_format])
    with pytest.raises(SystemExit) as exit_info:
        _cli().main()
    assert bad_key in str(exit_info.value) and str(exit_info.value).startswith('error:')
    assert not (tmp_path / 'out.pth').exists()


def test_num_classes_mismatch_is_an_error(tmp_path):
    torch.save(original_state_dict(), tmp_path / 'st_gcn.pt')
    with pytest.raises(ValueError, match='5 classes, --num-classes says 60'):
        convert_checkpoint(tmp_path / 'st_gcn.pt', tmp_path / 'out.pth', 'stgcn', 60,
                           log=lambda s: None)


def agcn_0x_state_dict():
    """Random weights named as mmaction2 0.x's AGCN recognizer names them (4 blocks)."""
    gen = torch.Generator().manual_seed(3)
    # a graph other than the one the model builds: every unit must get the checkpoint's
    A = torch.tensor(Graph('ntu-rgb+d', 'spatial').A)
    A = A * (torch.rand(A.shape, generator=gen) + 0.5)
    state = {'backbone.A': A, **_bn_params('backbone.data_bn', 3 * V, gen)}
    for i, (c_in, c_out, stride) in enumerate(BLOCKS):
        p = f'backbone.agcn_networks.{i}'
        state[f'{p}.gcn.PA'] = torch.rand(A.shape, generator=gen) * 0.1
        for k in range(K):
            for name, width in (('conv_a', c_out // 4), ('conv_b', c_out // 4), ('conv_d', c_out)):
                state[f'{p}.gcn.{name}.{k}.weight'] = torch.randn(width, c_in, 1, 1,
                                                                  generator=gen) * 0.3
                state[f'{p}.gcn.{name}.{k}.bias'] = torch.randn(width, generator=gen) * 0.1
        if c_in != c_out:
            state[f'{p}.gcn.down.0.weight'] = torch.randn(c_out, c_in, 1, 1, generator=gen) * 0.3
            state[f'{p}.gcn.down.0.bias'] = torch.randn(c_out, generator=gen) * 0.1
            state.update(_bn_params(f'{p}.gcn.down.1', c_out, gen))
        state.update(_bn_params(f'{p}.gcn.bn', c_out, gen))
        state[f'{p}.tcn.0.weight'] = torch.randn(c_out, c_out, 9, 1, generator=gen) * 0.1
        state[f'{p}.tcn.0.bias'] = torch.randn(c_out, generator=gen) * 0.1
        state.update(_bn_params(f'{p}.tcn.1', c_out, gen))
        if i > 0 and (c_in != c_out or stride != 1):
            state[f'{p}.residual.0.weight'] = torch.randn(c_out, c_in, 1, 1, generator=gen) * 0.3
            state[f'{p}.residual.0.bias'] = torch.randn(c_out, generator=gen) * 0.1
            state.update(_bn_params(f'{p}.residual.1', c_out, gen))
    state['cls_head.fc.weight'] = torch.randn(NUM_CLASSES, 16, 1, 1, generator=gen)
    state['cls_head.fc.bias'] = torch.randn(NUM_CLASSES, generator=gen)
    return state


def agcn_0x_forward(state, x):
    """mmaction2 0.x AGCN in eval mode, from its layer order; ``x`` is ``(N, C, T, V, M)``.

    Unit, per subset k: S = softmax over the first joint of conv_a(x)^T conv_b(x) / (C_e T),
    z_k = conv_d[k](x (A_k + PA_k + S)); then ReLU(BN(sum_k z_k) + down(x)). Block: unit ->
    conv(9, 1) -> BN, plus residual, ReLU. Input BN over (V, C); head: pool, mean over M, fc.
    """
    def bn(t, p):
        return F.batch_norm(t, state[f'{p}.running_mean'], state[f'{p}.running_var'],
                            state[f'{p}.weight'], state[f'{p}.bias'], training=False)

    def conv(t, p, **kw):
        return F.conv2d(t, state[f'{p}.weight'], state[f'{p}.bias'], **kw)

    n, c, t, v, m = x.shape
    x = bn(x.permute(0, 4, 3, 1, 2).reshape(n * m, v * c, t), 'backbone.data_bn')
    x = x.view(n, m, v, c, t).permute(0, 1, 3, 4, 2).reshape(n * m, c, t, v)
    for i, (_, _, stride) in enumerate(BLOCKS):
        p = f'backbone.agcn_networks.{i}'
        if f'{p}.residual.0.weight' in state:
            res = bn(conv(x, f'{p}.residual.0', stride=(stride, 1)), f'{p}.residual.1')
        else:
            res = 0 if i == 0 else x
        steps = x.shape[2]
        y = 0
        for k in range(K):
            a, b = conv(x, f'{p}.gcn.conv_a.{k}'), conv(x, f'{p}.gcn.conv_b.{k}')
            sim = torch.einsum('nctv,nctw->nvw', a, b) / (a.shape[1] * steps)
            graph = state['backbone.A'][k] + state[f'{p}.gcn.PA'][k] + sim.softmax(-2)
            y = y + conv(torch.einsum('nctv,nvw->nctw', x, graph), f'{p}.gcn.conv_d.{k}')
        down = (bn(conv(x, f'{p}.gcn.down.0'), f'{p}.gcn.down.1')
                if f'{p}.gcn.down.0.weight' in state else x)
        y = F.relu(bn(y, f'{p}.gcn.bn') + down)
        y = bn(conv(y, f'{p}.tcn.0', stride=(stride, 1), padding=(4, 0)), f'{p}.tcn.1')
        x = F.relu(y + res)
    x = x.mean((2, 3)).view(n, m, -1).mean(1)
    return conv(x[..., None, None], 'cls_head.fc').view(n, -1)


def test_mmaction2_legacy_agcn_outputs_are_reproduced(tmp_path):
    state = agcn_0x_state_dict()
    torch.save({'state_dict': state, 'meta': {'epoch': 80}}, tmp_path / 'agcn0.pth')
    lines = []
    convert_checkpoint(tmp_path / 'agcn0.pth', tmp_path / 'out.pth', 'mmaction2', NUM_CLASSES,
                       log=lines.append)
    assert ('backbone.agcn_networks.2.tcn.1.running_var -> backbone.gcn.2.tcn.bn.running_var'
            in lines)
    assert any("data_bn_type='VC'" in line for line in lines)
    model = RecognizerGCN(
        backbone=dict(type='AGCN', graph_cfg=dict(layout='ntu-rgb+d', mode='spatial'),
                      data_bn_type='VC', base_channels=8, num_stages=4, inflate_stages=[3],
                      down_stages=[3]),
        cls_head=dict(type='GCNHead', num_classes=NUM_CLASSES, in_channels=16))
    model.load_state_dict(torch.load(tmp_path / 'out.pth', weights_only=True)['state_dict'],
                          strict=True)
    x = _input()
    with torch.no_grad():
        ours = model.eval()(x, mode='tensor')
    expected = agcn_0x_forward(state, x.permute(0, 4, 2, 3, 1))
    assert (ours - expected).abs().max().item() <= 1e-4
    assert expected.abs().max().item() > 1e-2  # not vacuously small


def test_mmaction2_legacy_agcn_unknown_key_is_named(tmp_path):
    state = agcn_0x_state_dict()
    state['backbone.agcn_networks.1.gcn.soft.weight'] = torch.zeros(1)
    torch.save(state, tmp_path / 'agcn0.pth')
    with pytest.raises(ValueError, match='agcn_networks.1.gcn.soft.weight'):
        convert_checkpoint(tmp_path / 'agcn0.pth', tmp_path / 'out.pth', 'mmaction2',
                           log=lambda s: None)

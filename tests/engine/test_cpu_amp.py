"""bfloat16 autocast on the CPU: which units the flags name, and the optimizer wrapper that
runs forward passes in bfloat16 while the parameters and their updates stay float32."""
import pytest
import torch
from torch import nn

from stgcn_kit.engine import cpu_amp
from stgcn_kit.registry import OPTIM_WRAPPERS


@pytest.mark.parametrize('amx, avx512_bf16, expected', [
    (True, True, 'AMX-BF16'), (False, True, 'AVX512-BF16'), (False, False, None)])
def test_units_follow_the_cpu_flags(monkeypatch, amx, avx512_bf16, expected):
    monkeypatch.setattr(torch.cpu, '_is_amx_tile_supported', lambda: amx)
    monkeypatch.setattr(torch.cpu, '_is_avx512_bf16_supported', lambda: avx512_bf16)
    assert cpu_amp.cpu_bf16_units() == expected
    note = cpu_amp.cpu_amp_note()
    assert ('running float32' in note) is (expected is None)


def test_the_wrapper_runs_the_forward_in_bf16_and_updates_float32_weights():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv1d(4, 8, 3), nn.ReLU(), nn.Flatten(), nn.Linear(8 * 6, 3))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    wrapper = OPTIM_WRAPPERS.build(dict(type='CPUBF16OptimWrapper', optimizer=optimizer))
    before = model[3].weight.detach().clone()
    x = torch.randn(2, 4, 8)
    with wrapper.optim_context(model):
        out = model(x)
        loss = nn.functional.cross_entropy(out, torch.tensor([0, 2]))
    assert out.dtype == torch.bfloat16
    assert loss.dtype == torch.float32  # autocast computes losses in float32
    # the bfloat16 forward is the float32 one rounded, not another function
    torch.testing.assert_close(out.float(), model(x), rtol=0.05, atol=0.05)
    wrapper.update_params(loss)
    assert model[3].weight.dtype == torch.float32
    assert not torch.equal(model[3].weight, before)
    assert not torch.is_autocast_enabled('cpu')  # the context ends with the step

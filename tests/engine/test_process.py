"""The process switches of env_cfg, and releasing a process group."""
import pytest
import torch.distributed as torch_dist

from stgcn_kit.engine import process


@pytest.fixture
def malloc_calls(monkeypatch):
    calls = []
    monkeypatch.setattr(process, 'keep_freed_memory', lambda: calls.append(1))
    return calls


@pytest.mark.parametrize('env_cfg, cuda, applied', [
    (dict(keep_freed_memory=True), False, True),
    (dict(keep_freed_memory=True), True, False),  # the model's memory is the GPU's
    (dict(keep_freed_memory=False), False, False),
    (dict(cudnn_benchmark=False), False, False),  # absent: off, as in PYSKL's configs
])
def test_keep_freed_memory_only_when_asked_and_on_the_cpu(monkeypatch, malloc_calls, env_cfg,
                                                          cuda, applied):
    monkeypatch.setattr(process.torch.cuda, 'is_available', lambda: cuda)
    process.apply_process_switches(env_cfg)
    assert bool(malloc_calls) is applied


def test_release_without_a_group_is_harmless():
    process.release_process_group()
    assert not torch_dist.is_initialized()

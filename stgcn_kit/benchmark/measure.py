"""Timing, FLOP counting, memory and the matmul peak that the benchmark reports.

The machine may be shared, so competing implementations are timed interleaved (one step of
each in turn, same process) and summarised by medians: a burst of foreign load then slows
all of them alike instead of biasing one.
"""
import resource
import sys
import time
from typing import Callable, Dict

import torch
from torch.utils.flop_counter import FlopCounterMode


def synchronize(device: torch.device) -> None:
    """Wait for queued kernels so wall-clock time covers them."""
    if device.type == 'cuda':
        torch.cuda.synchronize(device)


def matmul_peak_gflops(device: torch.device, size: int = 2048, repeats: int = 5) -> float:
    """Best fp32 ``(size, size) @ (size, size)`` rate in GFLOP/s over ``repeats`` runs."""
    a = torch.randn(size, size, device=device)
    b = torch.randn(size, size, device=device)
    torch.matmul(a, b)
    best = float('inf')
    for _ in range(repeats):
        synchronize(device)
        start = time.perf_counter()
        torch.matmul(a, b)
        synchronize(device)
        best = min(best, time.perf_counter() - start)
    return 2 * size**3 / best / 1e9


def forward_gflops(fn: Callable[[], object]) -> float:
    """GFLOPs (multiply and add counted apart) of the convolutions, matrix products and linear
    layers that ``fn`` runs, counted by :class:`~torch.utils.flop_counter.FlopCounterMode`."""
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        fn()
    return counter.get_total_flops() / 1e9


def saved_activations_mb(forward: Callable[[], object]) -> float:
    """MiB of distinct tensor storages that autograd keeps from ``forward`` for the backward
    pass: the activation memory of a training step, per implementation and exact on any
    device (the process peak on CPU only grows, so it cannot tell implementations apart)."""
    storages = {}

    def pack(tensor: torch.Tensor) -> torch.Tensor:
        storage = tensor.untyped_storage()
        storages[storage.data_ptr()] = storage.nbytes()
        return tensor

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda tensor: tensor):
        forward()
    return sum(storages.values()) / 2**20


def peak_memory_mb(device: torch.device) -> float:
    """CUDA: peak allocated since the last reset; CPU: the process's peak resident size."""
    if device.type == 'cuda':
        return torch.cuda.max_memory_allocated(device) / 2**20
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == 'darwin' else peak / 2**10  # bytes vs KiB


def time_interleaved(steps: Dict[str, Callable[[], object]], iters: int, warmup: int,
                     device: torch.device) -> Dict[str, dict]:
    """Run ``warmup`` untimed rounds of each step alone (in order, recording the peak memory
    after each: on CPU the process peak only grows, so later entries are upper bounds), then
    ``iters`` rounds in which every step runs once, timed. Returns per step ``times`` (s)
    and ``peak_mb``."""
    results = {name: dict(times=[], peak_mb=0.) for name in steps}
    for name, step in steps.items():
        if device.type == 'cuda':
            torch.cuda.reset_peak_memory_stats(device)
        for _ in range(warmup):
            step()
        synchronize(device)
        results[name]['peak_mb'] = peak_memory_mb(device)
    for _ in range(iters):
        for name, step in steps.items():
            synchronize(device)
            start = time.perf_counter()
            step()
            synchronize(device)
            results[name]['times'].append(time.perf_counter() - start)
    return results

"""Timing, FLOP counting, memory and the matmul peak that the benchmark reports.

Each implementation is timed in processes of its own, in turn, and summarised by medians
(:func:`time_in_fresh_processes`).
"""
import collections
import contextlib
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Callable, Dict, Iterator, List, Sequence

import torch
from torch.utils.flop_counter import FlopCounterMode

#: the prefix of the line on which a timing process reports its result
RESULT_TAG = 'benchmark-result: '


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
    layers that ``fn`` runs, counted by :class:`~torch.utils.flop_counter.FlopCounterMode`.

    ``fn`` runs as given: the counter's module tracker fails under ``torch.no_grad`` on a module
    called with a parameter as an argument (CTR-GCN's ``CTRGC``), so pass a forward with
    autograd on."""
    with FlopCounterMode(display=False) as counter:
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
    """CUDA: peak allocated since the last reset; CPU: the process's peak resident size.

    On Linux that is ``VmHWM``: ``getrusage``'s ``ru_maxrss`` keeps the peak of the process
    image before ``exec``, i.e. of the benchmark process that started a timing process."""
    if device.type == 'cuda':
        return torch.cuda.max_memory_allocated(device) / 2**20
    try:
        with open('/proc/self/status') as status:
            kib = next(line.split()[1] for line in status if line.startswith('VmHWM:'))
        return int(kib) / 2**10
    except (OSError, StopIteration):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**20 if sys.platform == 'darwin' else peak / 2**10  # bytes vs KiB


def time_step(step: Callable[[], object], iters: int, warmup: int,
              device: torch.device) -> dict:
    """Run ``step`` ``warmup`` times untimed, then ``iters`` times timed, in this process.

    Returns ``times`` (s per call), ``peak_mb`` (see :func:`peak_memory_mb`; in a process that
    runs nothing else, the step's own peak) and ``pid``."""
    if device.type == 'cuda':
        torch.cuda.reset_peak_memory_stats(device)
    for _ in range(warmup):
        step()
    times = []
    for _ in range(iters):
        synchronize(device)
        start = time.perf_counter()
        step()
        synchronize(device)
        times.append(time.perf_counter() - start)
    return dict(times=times, peak_mb=peak_memory_mb(device), pid=os.getpid())


def time_in_fresh_processes(command: Callable[[str], List[str]], names: Sequence[str],
                            rounds: int) -> Dict[str, dict]:
    """Time each implementation in fresh processes, ``rounds`` times in turn (rotated).

    ``command(name)`` is the command line of a process that times implementation ``name``
    and prints :func:`time_step`'s result as one JSON line after :data:`RESULT_TAG`. Each
    process runs one implementation only, so none inherits another's heap, allocator state or
    caches, and each peak memory is that implementation's own. Rounds in turn spread a
    machine's drifting speed and foreign load over all of them (docs/benchmark.md).

    Returns per name all ``times`` of all rounds, each process's median time
    (``process_medians``), the largest ``peak_mb`` and the ``pids``.

    Raises:
        RuntimeError: a timing process failed; the message names it and ends with its stderr.
    """
    results = {name: dict(times=[], process_medians=[], peak_mb=0., pids=[]) for name in names}
    for start in range(rounds):
        # each round starts with the next implementation: none always runs first
        for name in names[start % len(names):] + names[:start % len(names)]:
            proc = subprocess.run(command(name), capture_output=True, text=True)
            lines = [line for line in proc.stdout.splitlines() if line.startswith(RESULT_TAG)]
            if proc.returncode != 0 or len(lines) != 1:
                raise RuntimeError(f'timing {name!r} failed (exit {proc.returncode}): '
                                   f'{proc.stderr[-2000:]}')
            result = json.loads(lines[0][len(RESULT_TAG):])
            results[name]['times'] += result['times']
            results[name]['process_medians'].append(statistics.median(result['times']))
            results[name]['peak_mb'] = max(results[name]['peak_mb'], result['peak_mb'])
            results[name]['pids'].append(result['pid'])
    return results


@contextlib.contextmanager
def _stdout_to(path: str) -> Iterator[None]:
    """The process's file descriptor 1 (where oneDNN and MKL print) into ``path``."""
    sys.stdout.flush()
    saved = os.dup(1)
    with open(path, 'w') as f:
        os.dup2(f.fileno(), 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def _verbose_kernels(text: str) -> List[str]:
    """oneDNN's ``exec`` lines counted by primitive, implementation and pass, and MKL's calls
    by function, most time first: ``'convolution brgconv:avx512_core forward_training x36
    120.3 ms'``."""
    time_ms: Dict[str, float] = collections.defaultdict(float)
    count: Dict[str, int] = collections.Counter()
    for line in text.splitlines():
        fields = line.split(',')
        if line.startswith('onednn_verbose') and len(fields) > 8 and fields[3] == 'exec':
            key, ms = ' '.join(fields[5:8]), fields[-1]
        elif line.startswith('MKL_VERBOSE') and '(' in line:
            match = re.search(r' ([\d.]+)(us|ms|s) ', line)
            key, ms = line.split()[1].split('(')[0], match and match.group(1)
            if match and match.group(2) != 'ms':
                ms = float(match.group(1)) * (1e-3 if match.group(2) == 'us' else 1e3)
        else:
            continue
        count[key] += 1
        try:
            time_ms[key] += float(ms)
        except (TypeError, ValueError):
            pass
    return [f'{key} x{count[key]} {time_ms[key]:.1f} ms'
            for key in sorted(count, key=lambda k: -time_ms[k])]


def kernel_summary(step: Callable[[], object], device: torch.device, top: int = 8
                   ) -> List[str]:
    """What one call of ``step`` ran (after one untimed call): on the CPU the oneDNN
    primitives (with their ISA-specific implementation, e.g. ``brgconv:avx512_core_amx``) and
    MKL functions, from their verbose modes; then the profiler's ``top`` operators by own time.
    """
    step()
    lines = []
    if device.type == 'cpu':
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, 'verbose.txt')
            with _stdout_to(log), \
                    torch.backends.mkldnn.verbose(torch.backends.mkldnn.VERBOSE_ON), \
                    torch.backends.mkl.verbose(torch.backends.mkl.VERBOSE_ON):
                step()
            with open(log) as f:
                kernels = _verbose_kernels(f.read())
        lines.append('oneDNN/MKL: ' + (', '.join(kernels[:top]) or 'none'))
    with torch.profiler.profile() as prof:
        step()
        synchronize(device)
    events = sorted(prof.key_averages(), key=lambda e: -e.self_cpu_time_total)[:top]
    total = sum(e.self_cpu_time_total for e in prof.key_averages()) or 1
    lines.append('profiler top operators (own CPU time): ' + ', '.join(
        f'{e.key} {100 * e.self_cpu_time_total / total:.0f}%' for e in events))
    return lines

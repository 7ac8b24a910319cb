"""The benchmark's timing helpers: one implementation per fresh process, rounds rotated."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from benchmarking import measure

TOOLS = Path(measure.__file__).resolve().parents[1]

# a stand-in timing process: logs its name, reports one time and its pid
FAKE_TIMER = '''
import json, os, sys
with open(sys.argv[2], 'a') as log:
    log.write(sys.argv[1] + '\\n')
if sys.argv[1] == 'broken':
    sys.exit('no such implementation')
print('unrelated output')
print({tag!r} + json.dumps(dict(times=[0.5, 0.25], peak_mb=len(sys.argv[1]), pid=os.getpid())))
'''.format(tag=measure.RESULT_TAG)


def _command(log):
    return lambda name: [sys.executable, '-c', FAKE_TIMER, name, str(log)]


def test_each_round_runs_every_implementation_in_its_own_process(tmp_path):
    log = tmp_path / 'order.txt'
    results = measure.time_in_fresh_processes(_command(log), ['a', 'bb', 'ccc'], rounds=3)
    # rotated: no implementation always runs first (or right after the benchmark's own work)
    assert log.read_text().split() == ['a', 'bb', 'ccc', 'bb', 'ccc', 'a', 'ccc', 'a', 'bb']
    pids = [pid for result in results.values() for pid in result['pids']]
    assert len(pids) == 9 and len(set(pids)) == 9 and os.getpid() not in pids
    assert results['bb']['times'] == [0.5, 0.25] * 3
    assert results['bb']['process_medians'] == [0.375] * 3
    assert results['ccc']['peak_mb'] == 3


def test_a_failing_timing_process_is_named(tmp_path):
    with pytest.raises(RuntimeError, match=r"timing 'broken' failed \(exit 1\).*no such"):
        measure.time_in_fresh_processes(_command(tmp_path / 'log'), ['a', 'broken'], rounds=1)


def test_time_step_times_iters_calls_after_warmup():
    calls = []
    result = measure.time_step(lambda: calls.append(1), iters=3, warmup=2,
                               device=torch.device('cpu'))
    assert len(calls) == 5 and len(result['times']) == 3
    assert all(t >= 0 for t in result['times']) and result['pid'] == os.getpid()
    assert result['peak_mb'] > 0


def test_peak_memory_is_the_process_own_and_sees_a_large_allocation():
    # a fresh process: this test process's own peak depends on the tests before it
    script = (f'import sys; sys.path.insert(0, {str(TOOLS)!r}); import torch; '
              'from benchmarking import measure; cpu = torch.device("cpu"); '
              'before = measure.peak_memory_mb(cpu); block = torch.ones(2**26); '
              'print(before, measure.peak_memory_mb(cpu))')
    out = subprocess.run([sys.executable, '-c', script], capture_output=True, text=True,
                         check=True).stdout
    before, after = map(float, out.split())
    assert 0 < before and after - before >= 200  # the 256 MiB block, written by torch.ones


def test_verbose_kernels_count_executions_by_implementation_and_pass():
    text = '\n'.join([
        'onednn_verbose,v1,info,oneDNN v3.7.1',
        'onednn_verbose,v1,primitive,create:cache_miss,cpu,convolution,jit:avx512_core,'
        'forward_training,src:f32,,alg:convolution_direct,mb2_ic8oc8,0.1',
        'onednn_verbose,v1,primitive,exec,cpu,convolution,jit:avx512_core,forward_training,'
        'src:f32,,alg:convolution_direct,mb2_ic8oc8,1.5',
        'onednn_verbose,v1,primitive,exec,cpu,convolution,jit:avx512_core,forward_training,'
        'src:f32,,alg:convolution_direct,mb2_ic8oc8,2.5',
        'onednn_verbose,v1,primitive,exec,cpu,convolution,jit:avx512_core,backward_data,'
        'src:f32,,alg:convolution_direct,mb2_ic8oc8,7.0',
        'MKL_VERBOSE SGEMM(N,N,64,64,64,0x1,0x2,64,0x3,64,0x4,0x5,64) 250.00us CNR:OFF Dyn:1',
        'MKL_VERBOSE SGEMM(N,T,64,64,64,0x1,0x2,64,0x3,64,0x4,0x5,64) 1.25ms CNR:OFF Dyn:1',
        'some other line',
    ])
    assert measure._verbose_kernels(text) == [
        'convolution jit:avx512_core backward_data x1 7.0 ms',
        'convolution jit:avx512_core forward_training x2 4.0 ms',
        'SGEMM x2 1.5 ms']

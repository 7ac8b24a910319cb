"""tools/benchmark.py end to end in --smoke mode (figures printed, not asserted)."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _run(*args):
    proc = subprocess.run([sys.executable, 'tools/benchmark.py', *args, '--smoke'], cwd=REPO,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def _rates(out, mode):
    return dict(re.findall(rf'^{mode}\s+(\S+):\s+([\d.]+) samples/s', out, re.M))


@pytest.mark.parametrize('model,mode', [('STGCN', 'train'), ('AAGCN', 'infer')])
def test_smoke_prints_rates_for_each_implementation(model, mode):
    out = _run(model, '--mode', mode)
    rates = _rates(out, mode)
    expected = {'reference', 'fast'} | ({'fast+fold-bn', 'fold+skip-empty'} if mode == 'infer'
                                        else set())
    assert set(rates) == expected, out
    assert all(float(r) > 0 for r in rates.values())
    assert re.search(r'fp32 matmul peak: [\d.]+ GFLOP/s', out)
    assert re.search(r'forward GFLOPs per sample: reference [\d.]+', out)
    # each implementation timed in a process of its own (one round in smoke mode)
    assert re.search(r'^samples/s per timing process, round by round: '
                     r'reference [\d.]+; fast [\d.]+', out, re.M), out
    if mode == 'infer':  # the fast paths compute the reference's scores
        diffs = re.findall(r'max \|score - reference score\|: \S+ (\S+)', out)
        assert len(diffs) == 3 and all(float(d) <= 1e-4 for d in diffs), out


def test_smoke_with_a_config(tmp_path):
    out = _run(str(REPO / 'configs/stgcn/stgcn_nwucla/j.py'), '--mode', 'infer')
    assert 'input (2, 1, 8, 20, 3)' in out  # one person, NW-UCLA's 20 joints, from the config
    assert set(_rates(out, 'infer')) == {'reference', 'fast', 'fast+fold-bn', 'fold+skip-empty'}


def test_smoke_int8_is_timed_with_the_others():
    out = _run('STGCN', '--mode', 'infer', '--int8')
    assert set(_rates(out, 'infer')) == {'reference', 'fast', 'fast+fold-bn', 'fold+skip-empty',
                                         'fold+int8'}, out
    diff, scale = re.search(r'max \|score - reference score\|: fold\+int8 (\S+) \(scores reach '
                            r'(\S+)\)', out).groups()
    # int8 rounding, not float32's (~1e-8): visible, yet well inside the scores' range
    assert 0 < float(diff) < 0.05 * float(scale), out


def test_int8_needs_inference_mode():
    proc = subprocess.run([sys.executable, 'tools/benchmark.py', 'STGCN', '--int8', '--smoke'],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0 and '--int8 needs --mode infer' in proc.stderr


def test_smoke_data_mode(shared_data):
    out = _run('STGCN', '--mode', 'data', '--data-root', str(shared_data))
    lines = re.findall(r'^data (NTU RGB\+D 3D|NW-UCLA) .*: ([\d.]+) samples/s per core', out,
                       re.M)
    assert [name for name, _ in lines] == ['NTU RGB+D 3D', 'NW-UCLA'], out
    assert all(float(rate) > 0 for _, rate in lines)


def test_unknown_model_is_one_line_error():
    proc = subprocess.run([sys.executable, 'tools/benchmark.py', 'NOPE', '--smoke'], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    assert "'NOPE' is neither a config file" in proc.stderr
    assert 'Traceback' not in proc.stderr

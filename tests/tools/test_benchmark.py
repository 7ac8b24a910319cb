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


def test_smoke_with_a_config_and_int8_timed_with_the_others():
    out = _run(str(REPO / 'configs/stgcn/stgcn_nwucla/j.py'), '--mode', 'infer', '--int8')
    assert 'input (2, 1, 8, 20, 3)' in out  # one person, NW-UCLA's 20 joints, from the config
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


def test_gcn_zoo_smoke_without_pyskl_times_its_one_implementation():
    # CTR-GCN's and DG-STGCN's reference and fast rows are checked against PYSKL below
    rates = _rates(_run('MSG3D', '--mode', 'train'), 'train')
    assert set(rates) == {'stgcn_kit'} and float(rates['stgcn_kit']) > 0, rates


@pytest.mark.parametrize('model', ['CTRGCN', 'MSG3D', 'DGSTGCN'])
def test_gcn_smoke_against_pyskl_checks_outputs_in_float64_then_times_all(model, fake_pyskl):
    out = _run(model, '--mode', 'train', '--pyskl-root', str(fake_pyskl))
    assert re.search(r'same outputs as PYSKL \(allclose\): eval scores: .*; train scores: '
                     r'.*; input gradient: ', out), out
    ours = {'stgcn_kit'} if model == 'MSG3D' else {'reference', 'fast'}
    rates = _rates(out, 'train')
    assert set(rates) == {'pyskl'} | ours and min(float(r) for r in rates.values()) > 0, out
    assert re.search(r'^train\s+(fast|stgcn_kit): .* speed-up vs pyskl [\d.]+x', out, re.M), out


def test_gcn_wrong_outputs_stop_the_benchmark(wrong_pyskl):
    proc = subprocess.run([sys.executable, 'tools/benchmark.py', 'CTRGCN', '--smoke',
                           '--pyskl-root', str(wrong_pyskl)], cwd=REPO, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode != 0 and 'Traceback' not in proc.stderr
    assert 'eval scores: reference differs from pyskl by up to 5.000e-01' in proc.stderr
    assert 'samples/s' not in proc.stdout  # nothing timed


def _posec3d_rates(out, mode):
    return {name: float(rate) for name, rate in _rates(out, mode).items()}


def test_posec3d_smoke_against_pyskl_checks_outputs_then_times_both(fake_pyskl):
    out = _run('X3D-shallow', '--mode', 'train', '--pyskl-root', str(fake_pyskl))
    assert 'input (2, 1, 17, 8, 32, 32) (N, views, C, T, H, W)' in out, out
    assert re.search(r'same outputs as PYSKL \(allclose\): eval scores: .*; train scores: '
                     r'.*; input gradient: ', out), out
    rates = _posec3d_rates(out, 'train')
    assert set(rates) == {'pyskl', 'reference', 'fast'} and min(rates.values()) > 0, out
    assert re.search(r'^train\s+fast: .* speed-up vs pyskl [\d.]+x', out, re.M), out


def test_posec3d_smoke_without_pyskl_says_so():
    out = _run('C3D-light', '--mode', 'infer')
    assert 'PYSKL not timed: no --pyskl-root' in out
    assert set(_posec3d_rates(out, 'infer')) == {'reference', 'fast'}, out


def test_posec3d_wrong_outputs_stop_the_benchmark(wrong_pyskl):
    proc = subprocess.run([sys.executable, 'tools/benchmark.py', 'C3D-light', '--smoke',
                           '--pyskl-root', str(wrong_pyskl)], cwd=REPO, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode != 0 and 'Traceback' not in proc.stderr
    assert 'eval scores: reference differs from pyskl by up to 5.000e-01' in proc.stderr
    assert 'samples/s' not in proc.stdout  # nothing timed


def test_posec3d_data_mode_times_both_heatmap_pipelines(fake_pyskl):
    out = _run('X3D-shallow', '--mode', 'data', '--pyskl-root', str(fake_pyskl))
    assert '3 synthetic samples of 17 COCO keypoints, [2] persons' in out, out
    lines = re.findall(r'^data (keypoint|limb)\s+(pyskl|stgcn_kit) pipeline \(configs/posec3d/'
                       r'x3d_shallow_ntu60_xsub/(?:joint|limb)\.py\):\s+([\d.]+) samples/s per '
                       r'core,\s+([\d.]+) cores to feed', out, re.M)
    assert [(k, i) for k, i, _, _ in lines] == [('keypoint', 'pyskl'), ('keypoint', 'stgcn_kit'),
                                                ('limb', 'pyskl'), ('limb', 'stgcn_kit')], out
    assert all(float(rate) > 0 and float(cores) > 0 for _, _, rate, cores in lines)
    assert out.count('same heatmaps as PYSKL') == 2


@pytest.mark.parametrize('args,message', [
    (['STGCN', '--size', '32'], '--size is for PoseC3D models'),
    (['CTRGCN', '--pyskl-root', 'tests'], 'not a PYSKL checkout, missing pyskl/models/'),
    (['SlowOnly-R50', '--pyskl-root', 'tests'], 'not a PYSKL checkout, missing pyskl/models/'),
])
def test_pyskl_root_errors_are_one_line(args, message):
    proc = subprocess.run([sys.executable, 'tools/benchmark.py', *args, '--smoke'], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0 and message in proc.stderr, proc.stderr
    assert 'Traceback' not in proc.stderr


def test_kernels_name_what_ran_for_each_implementation():
    out = _run('X3D-shallow', '--mode', 'infer', '--kernels')
    assert re.search(r'^CPU vector units: \w+; bfloat16 units: (AMX-BF16|AVX512-BF16|none); '
                     r'amp: off$', out, re.M), out
    for name in ('reference', 'fast'):
        # oneDNN's convolutions by implementation (an ISA in its name) and pass, with counts
        assert re.search(rf'^kernels of {name} \(one infer step\): oneDNN/MKL: .*convolution '
                         r'\S+:\S+ forward_\w+ x\d+ [\d.]+ ms', out, re.M), out
        assert re.search(rf'^kernels of {name} .*profiler top operators \(own CPU time\): '
                         r'aten::\w+ \d+%', out, re.M), out

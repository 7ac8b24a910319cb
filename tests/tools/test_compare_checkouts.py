"""tools/compare_checkouts.py: one benchmark row timed in several checkouts, alternately."""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / 'tools' / 'compare_checkouts.py'
TINY_ROW = ['--', 'STGCN', '--mode', 'infer', '--batch-size', '2', '--clip-len', '8',
            '--device', 'cpu', '--iters', '1', '--warmup', '0', '--time-only', 'fast']


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(TOOL), *args], capture_output=True, text=True,
                          cwd=ROOT)


def fake_checkout(root: Path, samples_per_second: float) -> Path:
    """A checkout whose tools/benchmark.py reports one step of 2 samples at a fixed rate and
    logs which checkout ran."""
    (root / 'tools').mkdir(parents=True)
    (root / 'tools' / 'benchmark.py').write_text(
        'import json, os\n'
        f'open({str(root.parent / "order.log")!r}, "a").write({root.name!r} + "\\n")\n'
        f'print("benchmark-result: " + json.dumps(dict(times=[2 / {samples_per_second}], '
        'peak_mb=1.0, pid=os.getpid())))\n')
    return root


def test_each_checkout_times_with_its_own_benchmark_alternately(tmp_path):
    slow = fake_checkout(tmp_path / 'slow', 4.0)
    fast = fake_checkout(tmp_path / 'fast', 8.0)
    proc = run(str(slow), str(fast), '--rounds', '3', *TINY_ROW)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == (f'{slow}: samples/s per process 4.000, 4.000, 4.000; '
                        'median 4.000 (1.000x the first)')
    assert lines[1] == (f'{fast}: samples/s per process 8.000, 8.000, 8.000; '
                        'median 8.000 (2.000x the first)')
    # rotated rounds: slow fast | fast slow | slow fast
    order = (tmp_path / 'order.log').read_text().split()
    assert order == ['slow', 'fast', 'fast', 'slow', 'slow', 'fast']


@pytest.mark.parametrize('args, message', [
    (['.'], 'two or more checkouts'),
    (['.', '.'], 'named twice'),
    (['.', 'no/such/dir'], 'no/such/dir: not a stgcn_kit checkout'),
    (['.', str(ROOT), '--', 'STGCN', '--batch-size', '2'], "'--time-only IMPL'"),
    (['.', str(ROOT), '--', 'STGCN', '--time-only', 'fast'], 'give --batch-size'),
])
def test_bad_arguments_are_named(args, message):
    proc = run(*args)
    assert proc.returncode == 2
    assert message in proc.stderr


def test_real_checkout_row_runs():
    proc = run('.', str(ROOT), '--rounds', '1', *TINY_ROW)
    assert proc.returncode == 0, proc.stderr
    rates = [float(line.split('median ')[1].split()[0]) for line in proc.stdout.splitlines()]
    assert len(rates) == 2 and all(rate > 0 for rate in rates)

"""tools/benchmark_online.py on the real NW-UCLA sequences with the tiny config: it streams
them all and counts the windows a person seen in every frame gets."""
import os
import re
import subprocess
import sys

from inference_helpers import REPO
from stream_helpers import load_sequence

SEQUENCES = ('a01_s05_e00_v01', 'a06_s03_e02_v01', 'a09_s01_e00_v01', 'a08_s01_e01_v01',
             'a02_s01_e03_v01', 'a03_s01_e01_v01')


def test_rates_of_the_tiny_config(shared_data):
    frames = sum(len(load_sequence(shared_data, name)) for name in SEQUENCES)
    # full windows end at frames 51, 64, ...; one more ends at the last frame
    ends = list(range(51, frames, 13))
    windows = len(ends) + (ends[-1] != frames - 1)
    done = subprocess.run(
        [sys.executable, str(REPO / 'tools' / 'benchmark_online.py'),
         str(REPO / 'tests' / 'configs' / 'tiny_stgcn_nwucla.py'), '--data',
         str(shared_data / 'nw-ucla' / 'all_sqe'), '--rounds', '1', '--clips', '1',
         '--people', '2'], env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True,
        text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    # two people: twice the windows
    assert f'round 1: {frames} frames, {2 * windows} windows in' in done.stdout
    summary = done.stdout.strip().splitlines()[-1]
    assert re.search(r'people 2 clips 1 threads 1: median [\d.]+ windows/s, [\d.]+ frames/s, '
                     r'[\d.]+ ms per window \(1 rounds\)$', summary), summary

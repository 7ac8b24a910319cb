"""Runs a ``tools/data/*_gendata.py`` script in a fresh interpreter, as a user would."""
import subprocess
import sys
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[3] / 'tools' / 'data'


@pytest.fixture(scope='session')
def gendata():
    def run(tool: str, *args) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(TOOLS / f'{tool}_gendata.py'),
                               *map(str, args)], capture_output=True, text=True)
    return run

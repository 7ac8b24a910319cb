"""``python -m stgcn_kit TOOL``: every listed tool exists and runs as its script does, an
unknown one is refused with the list."""
import subprocess
import sys
from pathlib import Path

import pytest

from stgcn_kit.run_tool import TOOLS

REPO = Path(__file__).resolve().parents[1]


def kit(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, '-m', 'stgcn_kit', *args], capture_output=True,
                          text=True, timeout=300)


@pytest.mark.parametrize('name', sorted(TOOLS))
def test_every_tool_is_a_script_of_the_checkout(name):
    script = REPO / 'tools' / TOOLS[name]
    assert script.is_file() and "if __name__ == '__main__':" in script.read_text()


def test_runs_a_tool_with_its_arguments_and_exit_status(tmp_path):
    result = kit('make_config', '--help')
    assert result.returncode == 0 and '--streams' in result.stdout
    assert result.stdout.startswith('usage: make_config.py')
    missing = kit('make_config', str(tmp_path / 'none.pkl'), '--layout', 'coco')
    assert missing.returncode == 1
    assert missing.stderr.strip().startswith('error: ') and 'none.pkl' in missing.stderr


def test_unknown_or_no_tool():
    result = kit('trian')
    assert result.returncode == 2 and "no tool 'trian'" in result.stderr
    assert 'train_streams' in result.stderr
    assert kit().returncode == 2 and kit('--help').returncode == 0

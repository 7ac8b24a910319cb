"""tools/quickstart.py without NW-UCLA: one paragraph on where to get it and where to put it."""
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_without_data_says_where_to_get_it_and_where_to_put_it(tmp_path):
    # a copy of the script in an empty checkout: neither data/nw-ucla nor ../shared beside it
    (tmp_path / 'repo' / 'tools').mkdir(parents=True)
    script = shutil.copy(REPO / 'tools' / 'quickstart.py', tmp_path / 'repo' / 'tools')
    result = subprocess.run([sys.executable, script], capture_output=True, text=True)
    assert result.returncode == 1
    assert 'NW-UCLA was not found' in result.stdout
    assert 'https://github.com/Uason-Chen/CTR-GCN' in result.stdout
    assert 'data/nw-ucla/all_sqe/' in result.stdout
    assert not (tmp_path / 'repo' / 'work_dirs').exists()  # nothing was started

import io
import subprocess
import sys
from pathlib import Path

from stgcn_kit.utils.progress import Progress

REPO = Path(__file__).resolve().parents[2]


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_log_file_gets_ten_plain_lines_without_carriage_returns():
    out = io.StringIO()
    bar = Progress(1484, file=out, label='samples')
    for _ in range(1484):
        bar.update()
    bar.close()
    lines = out.getvalue().splitlines()
    assert '\r' not in out.getvalue()
    assert len(lines) == 10
    assert lines[0].startswith('148/1484 samples (10%)')
    assert lines[-1].startswith('1484/1484 samples (100%)')


def test_fewer_items_than_lines_report_each_item_once():
    out = io.StringIO()
    bar = Progress(3, file=out)
    bar.update(2)
    bar.update()
    assert [line.split(' ')[0] for line in out.getvalue().splitlines()] == ['2/3', '3/3']


def test_a_terminal_gets_the_redrawn_bar():
    out = FakeTerminal()
    bar = Progress(50, file=out)
    for _ in range(50):
        bar.update()
    bar.close()
    assert out.getvalue().count('\r') >= 50 and '50/50' in out.getvalue()


def test_a_converter_redirected_to_a_pipe_writes_lines(shared_data, tmp_path):
    folder = tmp_path / 'all_sqe'
    folder.mkdir()
    for f in sorted((shared_data / 'nw-ucla' / 'all_sqe').glob('*.json'))[:25]:
        (folder / f.name).symlink_to(f)
    done = subprocess.run([sys.executable, str(REPO / 'tools' / 'data' / 'nwucla_gendata.py'),
                           '--data-path', str(tmp_path), '--out', str(tmp_path / 'x.pkl')],
                          check=True, capture_output=True, text=True)
    assert '\r' not in done.stdout
    assert '25/25 samples (100%)' in done.stdout

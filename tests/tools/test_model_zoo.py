"""docs/model_zoo.md is what tools/model_zoo.py makes of the recipe cards, and lists every card."""
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]


def test_the_committed_page_is_up_to_date_and_lists_every_config():
    result = subprocess.run([sys.executable, str(REPO / 'tools' / 'model_zoo.py'), '--check'],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    page = (REPO / 'docs' / 'model_zoo.md').read_text()
    rows = [line for line in page.splitlines() if line.startswith('| `configs/')]
    cards = [card for path in REPO.glob('configs/*/metafile.yml')
             for card in yaml.safe_load(path.read_text())['Models']]
    assert sorted(row.split('`')[1] for row in rows) == sorted(c['Config'] for c in cards)
    pyskl = next(row for row in rows
                 if row.startswith('| `configs/stgcn/stgcn_pyskl_ntu60_xsub_3d/j.py`'))
    assert 'stgcn_pyskl_ntu60_xsub_3dkp/j.py' in pyskl and '87.8' in pyskl
    assert 'python tools/train.py configs/stgcn/stgcn_pyskl_ntu60_xsub_3d/j.py' in pyskl


def test_a_stale_page_is_reported(tmp_path):
    # the tool compares against the page it would write: a changed card makes it stale
    sys.path.insert(0, str(REPO / 'tools'))
    try:
        import model_zoo
    finally:
        sys.path.pop(0)
    configs = tmp_path / 'configs' / 'stgcn'
    configs.mkdir(parents=True)
    meta = yaml.safe_load((REPO / 'configs' / 'stgcn' / 'metafile.yml').read_text())
    meta['Models'] = meta['Models'][:1]
    (configs / 'metafile.yml').write_text(yaml.safe_dump(meta))
    page = model_zoo.render(tmp_path / 'configs')
    assert page != model_zoo.render() and page.count('| `configs/') == 1

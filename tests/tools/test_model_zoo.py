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


def test_posec3d_rows_quote_their_seed_and_its_gpus():
    page = (REPO / 'docs' / 'model_zoo.md').read_text()
    assert '\n## PoseC3D\n' in page
    rows = {line.split('`')[1]: line for line in page.splitlines()
            if line.startswith('| `configs/posec3d/')}
    gym = rows['configs/posec3d/slowonly_r50_u48_240e_gym_keypoint.py']
    # mmaction2 0.x's metafile: mean class 93.7 on 16 GPUs (8 x 2) of 16 samples
    assert '(mean class 93.7)' in gym and '16 GPUs x 16' in gym and 'batch: 128' in gym
    # PYSKL's README: joint 47.3, and the two streams fused 49.1
    assert '47.3' in rows['configs/posec3d/slowonly_r50_346_k400/joint.py']
    assert 'joint + limb fused: 49.1' in rows['configs/posec3d/slowonly_r50_346_k400/limb.py']


def test_babel_rows_quote_the_official_columns_and_the_footnote():
    page = (REPO / 'docs' / 'model_zoo.md').read_text()
    row = next(line for line in page.splitlines()
               if line.startswith('| `configs/stgcn/stgcn_babel120_wfl/j.py`'))
    assert 'official (AGCN): 27.91 (mean class 26.17)' in row and 'BABEL paper' in row

"""The own-data path from a non-editable install (setup.py): the package built from a copy
of the sources into a scratch environment (which borrows this one's dependencies, as the
Makefile's mediapipe environment does), then, in a folder of the user's outside any checkout,
a layout file and arrays -> the converter -> make_config -> train_streams, through the
installed ``stgcn-kit`` and ``python -m stgcn_kit``."""
import json
import os
import pickle
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import numpy as np
import pytest

from stgcn_kit.skeleton import get_layout

REPO = Path(__file__).resolve().parents[1]
SOURCES = ('setup.py', 'setup.cfg', 'MANIFEST.in', 'README.md', 'requirements', 'stgcn_kit',
           'configs', 'tools')
TINY = ['model.backbone.base_channels=8', 'model.backbone.num_stages=3',
        'model.backbone.inflate_stages=[2]', 'model.backbone.down_stages=[2]',
        'model.cls_head.in_channels=16', 'train_dataloader.num_workers=0',
        'train_dataloader.persistent_workers=False', 'test_dataloader.num_workers=0',
        'test_dataloader.persistent_workers=False', 'test_dataloader.batch_size=10',
        'test_dataloader.dataset.pipeline.2.num_clips=2', 'train_cfg.max_epochs=1']


def run(cmd, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    result = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


@pytest.fixture(scope='module')
def installed(tmp_path_factory):
    """``(python, stgcn-kit, env)`` of a scratch environment with the package installed."""
    root = tmp_path_factory.mktemp('install')
    (root / 'src').mkdir()
    for name in SOURCES:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, root / 'src' / name,
                            ignore=shutil.ignore_patterns('__pycache__', '*.pyc', '*.egg-info'))
        else:
            shutil.copy(src, root / 'src' / name)
    env = {k: v for k, v in os.environ.items() if k not in ('PYTHONPATH', 'PYTHONHOME')}
    venv = root / 'venv'
    run([sys.executable, '-m', 'venv', '--without-pip', venv], root, env)
    python = venv / 'bin' / 'python'
    base = sysconfig.get_paths()['purelib']
    own = run([python, '-c', "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
              root, env).stdout.strip()
    Path(own, 'stgcn_kit_base.pth').write_text(f'import site; site.addsitedir({base!r})\n')
    run([python, '-m', 'pip', 'install', '-q', '--no-deps', '--no-build-isolation',
         '--no-index', root / 'src'], root, env)
    return python, venv / 'bin' / 'stgcn-kit', env


def test_the_installed_package_is_the_one_imported(installed, tmp_path):
    python, _, env = installed
    found = run([python, '-c', 'import stgcn_kit; print(stgcn_kit.__file__)'], tmp_path,
                env).stdout.strip()
    assert found.startswith(str(python.parent.parent)) and '.mim' not in found
    shipped = Path(found).parent / '.mim'
    assert (shipped / 'configs' / '_base_' / 'models' / 'stgcn.py').is_file()
    assert (shipped / 'tools' / 'train_streams.py').is_file()


def test_own_data_in_one_command(installed, tiny_nwucla, tmp_path):
    python, kit, env = installed
    user = tmp_path / 'my_project'
    (user / 'poses').mkdir(parents=True)
    anno = pickle.loads(tiny_nwucla.read_bytes())
    split_of = {n: s for s in ('train', 'val') for n in anno['split'][s]}  # the cross-view split
    rows = ['name,label,split']
    for record in anno['annotations']:
        np.save(user / 'poses' / f'{record["frame_dir"]}.npy', record['keypoint'][0])
        rows.append(f'{record["frame_dir"]},{record["label"]},{split_of[record["frame_dir"]]}')
    (user / 'labels.csv').write_text('\n'.join(rows) + '\n')
    (user / 'layout.json').write_text(json.dumps(get_layout('nw-ucla').to_dict()))

    converted = run([kit, 'custom_gendata', '--data-path', 'poses', '--labels', 'labels.csv',
                     '--layout', 'layout.json', '--out', 'mine.pkl', '--streams', 'j', 'b'],
                    user, env)
    assert 'stgcn-kit train_streams mine_stgcn_j.py mine_stgcn_b.py' in converted.stdout
    made = run([kit, 'make_config', 'mine.pkl', '--layout', 'layout.json', '--out', 'other.py'],
               user, env)
    assert made.stdout.startswith('wrote other.py: 30 training samples')

    result = run([python, '-m', 'stgcn_kit', 'train_streams', 'mine_stgcn_j.py',
                  'mine_stgcn_b.py', '--cfg-options', *TINY], user, env)
    table = result.stdout[result.stdout.index('fold  stream'):].splitlines()
    assert [line.split()[1] for line in table[1:]] == ['mine_stgcn_j', 'mine_stgcn_b', 'fusion']
    out = user / 'mine_stgcn_j_streams'
    assert table[3].endswith(str(out / 'fused.pkl')) and (out / 'fused.pkl').is_file()
    summary = json.loads((out / 'summary.json').read_text())
    assert len(summary['rows']) == 3 and summary['rows'][0]['result'] == str(
        out / 'mine_stgcn_j' / 'test.pkl')

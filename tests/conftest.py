"""Shared fixtures: the real data in ../shared, skipped with a reason where it is absent, a
40-sample NW-UCLA subset of it converted by the project's converter, and the tiny test config
on that subset."""
import os
import subprocess
import sys
from pathlib import Path
from typing import Callable, List

import pytest
from mmengine.config import Config

from stgcn_kit.utils.config import read_config

REPO = Path(__file__).resolve().parents[1]
TINY_CONFIG = REPO / 'tests' / 'configs' / 'tiny_stgcn_nwucla.py'
SHARED = Path(os.environ.get('STGCN_KIT_SHARED', REPO.parent / 'shared'))


def _shared_dir(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f'{path} is absent: real data lives in ../shared beside the clone (CI has it)')
    return path


@pytest.fixture(scope='session')
def shared_data() -> Path:
    return _shared_dir('data')


@pytest.fixture(scope='session')
def reference_dir() -> Path:
    return _shared_dir('reference')


@pytest.fixture(scope='session')
def tiny_nwucla(shared_data, tmp_path_factory) -> Path:
    """3 view-1/2 sequences and 1 view-3 sequence of each of the 10 classes: train 30, val 10."""
    folder = tmp_path_factory.mktemp('nwucla')
    (folder / 'all_sqe').mkdir()
    files = sorted((shared_data / 'nw-ucla' / 'all_sqe').glob('*.json'))
    for action in sorted({f.name[:3] for f in files}):
        train = [f for f in files if f.name.startswith(action) and not f.stem.endswith('v03')]
        val = [f for f in files if f.name.startswith(action) and f.stem.endswith('v03')]
        for f in train[:3] + val[:1]:
            (folder / 'all_sqe' / f.name).symlink_to(f)
    out = folder / 'tiny.pkl'
    subprocess.run([sys.executable, str(REPO / 'tools' / 'data' / 'nwucla_gendata.py'),
                    '--data-path', str(folder), '--out', str(out)], check=True,
                   capture_output=True)
    return out


@pytest.fixture(scope='session')
def tiny_nwucla_2d(tiny_nwucla, tmp_path_factory) -> Path:
    """The subset as 2D keypoints in pixels (PYSKL's HRNet pickle form): each record projected
    to the Kinect v1 depth image by ``PinholeProject``, as PoseC3D's NW-UCLA configs do."""
    from stgcn_kit.datasets.transforms import PinholeProject
    from stgcn_kit.utils.io import dump_pickle, load_pickle
    anno = load_pickle(str(tiny_nwucla))
    anno['annotations'] = [PinholeProject()(dict(r)) for r in anno['annotations']]
    out = tmp_path_factory.mktemp('nwucla_2d') / 'tiny_2d.pkl'
    dump_pickle(anno, str(out))
    return out


def ann_file_options(ann_file: Path) -> List[str]:
    """``--cfg-options`` values pointing a config's three loaders at ``ann_file``."""
    return [f'{loader}.dataset.ann_file={ann_file}'
            for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader')]


@pytest.fixture
def tiny_options(tiny_nwucla) -> List[str]:
    """``--cfg-options`` values pointing the tiny config at the subset."""
    return ann_file_options(tiny_nwucla)


@pytest.fixture
def tiny_2d_options(tiny_nwucla_2d) -> List[str]:
    """``--cfg-options`` values pointing a PoseC3D config at the 2D subset."""
    return ann_file_options(tiny_nwucla_2d)


@pytest.fixture
def tiny_cfg(tiny_options, tmp_path) -> Callable[..., Config]:
    """``make(**overrides)``: the tiny config on the subset, working in ``tmp_path/work``."""
    def make(**overrides) -> Config:
        cfg = read_config(str(TINY_CONFIG))
        cfg.merge_from_dict(dict(option.split('=', 1) for option in tiny_options))
        cfg.merge_from_dict(overrides)
        cfg.work_dir = str(tmp_path / 'work')
        return cfg
    return make

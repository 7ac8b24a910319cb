"""The tiny test config on the NW-UCLA subset (``tiny_options`` in ../conftest.py), for
end-to-end runs of the training and testing entry points."""
from pathlib import Path
from typing import Callable

import pytest
from mmengine.config import Config

REPO = Path(__file__).resolve().parents[2]
TINY_CONFIG = REPO / 'tests' / 'configs' / 'tiny_stgcn_nwucla.py'


@pytest.fixture
def tiny_cfg(tiny_options, tmp_path) -> Callable[..., Config]:
    """``make(**overrides)``: the tiny config on the subset, working in ``tmp_path/work``."""
    def make(**overrides) -> Config:
        cfg = Config.fromfile(str(TINY_CONFIG))
        cfg.merge_from_dict(dict(option.split('=', 1) for option in tiny_options))
        cfg.merge_from_dict(overrides)
        cfg.work_dir = str(tmp_path / 'work')
        return cfg
    return make

"""tools/benchmarking is imported as tools/benchmark.py imports it: from the tools folder.

``isolated_pyskl`` undoes what loading PYSKL's code does to the test process: the ``pyskl``
modules and the mmcv 1.x / NumPy names the loader adds."""
import sys
import types
from pathlib import Path

import mmcv
import mmcv.cnn
import mmcv.utils
import numpy as np
import pytest

TOOLS = Path(__file__).resolve().parents[3] / 'tools'
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))


@pytest.fixture
def isolated_pyskl():
    modules = set(sys.modules)
    names = {m: set(vars(m)) for m in (mmcv, mmcv.cnn, mmcv.utils, np)}
    yield
    for name in set(sys.modules) - modules:
        if name.split('.')[0] == 'pyskl' or name in ('mmcv.runner', 'mmcv.parallel'):
            del sys.modules[name]
    for module, before in names.items():
        for name in set(vars(module)) - before:
            # submodules imported meanwhile (numpy.random) stay: numpy would not find them again
            if not isinstance(getattr(module, name), types.ModuleType):
                delattr(module, name)

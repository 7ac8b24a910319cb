"""Checkpoints cross numpy majors through the public API: one written in this environment loads
in the demo's environment (``.venv-mediapipe``, numpy < 2, a second interpreter run as a
subprocess) and one written there loads here; a crafted global is refused in both.

The other interpreter is ``REPO/.venv-mediapipe/bin/python`` (``make test`` builds it), or the
one named by ``STGCN_KIT_OTHER_NUMPY_PYTHON``."""
import json
import os
import subprocess
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pytest
import torch
from inference_helpers import save_like_the_runner, write_tiny_config
from payloads import Payload

from stgcn_kit.apis import init_recognizer
from stgcn_kit.engine import load_checkpoint_file
from stgcn_kit.utils import UnsafeFileError

REPO = Path(__file__).resolve().parents[2]
OTHER_PYTHON = Path(os.environ.get('STGCN_KIT_OTHER_NUMPY_PYTHON',
                                   REPO / '.venv-mediapipe' / 'bin' / 'python'))

# run by the other interpreter: load ours, write its own, try the crafted one
WORKER = """
import json, os, sys, warnings
import numpy as np, torch
from inference_helpers import save_like_the_runner
from stgcn_kit.apis import init_recognizer
from stgcn_kit.engine import load_checkpoint_file
from stgcn_kit.engine import load_checkpoint_file
from stgcn_kit.utils import UnsafeFileError
config, ours, theirs, crafted, marker, out = sys.argv[1:]
with warnings.catch_warnings():
    warnings.simplefilter('error')  # nothing of the file may be skipped
    loaded = init_recognizer(config, ours, 'cpu')
epoch = int(load_checkpoint_file(ours)['meta']['epoch'])  # all of it, as resuming reads it
np.savez(os.path.join(out, 'loaded.npz'), **{k: v.numpy() for k, v in loaded.state_dict().items()})
written = save_like_the_runner(config, theirs, seed=1)
np.savez(os.path.join(out, 'written.npz'), **written)
try:
    init_recognizer(config, crafted, 'cpu')
    refusal = None
except UnsafeFileError as err:
    refusal = str(err)
print(json.dumps(dict(numpy=np.__version__, epoch=epoch, refusal=refusal,
                      ran=os.path.exists(marker))))
"""


def numpy_major(version: str) -> int:
    return int(version.split('.')[0])


def pickled_numpy_module(path: Path) -> str:
    """``numpy._core`` or ``numpy.core``: how the checkpoint's pickle names numpy."""
    with zipfile.ZipFile(path) as z:
        data = z.read(next(n for n in z.namelist() if n.endswith('/data.pkl')))
    return 'numpy._core' if b'numpy._core.multiarray' in data else \
        'numpy.core' if b'numpy.core.multiarray' in data else 'none'


@pytest.fixture(scope='module')
def other_python() -> Path:
    if not OTHER_PYTHON.is_file():
        pytest.skip(f'{OTHER_PYTHON} is absent (make test builds .venv-mediapipe; or set '
                    f'STGCN_KIT_OTHER_NUMPY_PYTHON)')
    version = subprocess.run([str(OTHER_PYTHON), '-c', 'import numpy; print(numpy.__version__)'],
                             capture_output=True, text=True, check=True).stdout.strip()
    if numpy_major(version) == numpy_major(np.__version__):
        pytest.skip(f'{OTHER_PYTHON} has numpy {version}, the same major as this one')
    return OTHER_PYTHON


def test_checkpoints_load_across_numpy_majors_and_crafted_globals_stay_refused(other_python,
                                                                                tmp_path):
    config = write_tiny_config(tmp_path, 'nw-ucla')
    ours, theirs = tmp_path / 'ours.pth', tmp_path / 'theirs.pth'
    ours_weights = save_like_the_runner(config, ours, seed=0)
    marker = tmp_path / 'ran'
    crafted = tmp_path / 'crafted.pth'
    torch.save({'state_dict': {'backbone.data_bn.weight': Payload(marker)}}, crafted)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), str(REPO / 'tests')]))
    result = subprocess.run(
        [str(other_python), '-c', WORKER, str(config), str(ours), str(theirs), str(crafted),
         str(marker), str(tmp_path)], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert numpy_major(report['numpy']) != numpy_major(np.__version__)

    # ours, written under this numpy, loaded there with every weight intact
    here = 'numpy._core' if numpy_major(np.__version__) >= 2 else 'numpy.core'
    assert pickled_numpy_module(ours) == here
    loaded_there = np.load(tmp_path / 'loaded.npz')
    assert sorted(loaded_there.files) == sorted(ours_weights)
    for key, value in ours_weights.items():
        assert np.array_equal(loaded_there[key], value), key

    # theirs, written under the other numpy, loaded here with every weight intact
    assert pickled_numpy_module(theirs) not in (here, 'none')
    with warnings.catch_warnings():
        warnings.simplefilter('error')  # nothing of the file may be skipped
        model = init_recognizer(config, theirs, 'cpu')
    assert report['epoch'] == load_checkpoint_file(theirs)['meta']['epoch'] == 3
    written_there = np.load(tmp_path / 'written.npz')
    state = model.state_dict()
    assert sorted(state) == sorted(written_there.files)
    for key in written_there.files:
        assert np.array_equal(state[key].numpy(), written_there[key]), key
    assert not np.array_equal(written_there['cls_head.fc_cls.weight'],
                              ours_weights['cls_head.fc_cls.weight'])  # two different models

    # the crafted global: refused there and here, never run
    assert report['refusal'].startswith(f'{crafted}: refused to load the global builtins.exec')
    assert not report['ran']
    with pytest.raises(UnsafeFileError, match='refused to load the global builtins.exec'):
        init_recognizer(config, crafted, 'cpu')
    assert not marker.exists()

import hashlib
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from stgcn_kit.apis.train import configure_training, train_model

REPO = Path(__file__).resolve().parents[2]


def _tool():
    spec = importlib.util.spec_from_file_location('publish_model',
                                                  REPO / 'tools' / 'publish_model.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_training_checkpoint_is_stripped_and_named_by_its_hash(tiny_cfg, tmp_path):
    train_model(configure_training(tiny_cfg()), work_dir=str(tmp_path / 'work'))
    src = tmp_path / 'work' / 'epoch_1.pth'
    final = _tool().publish(str(src), str(tmp_path / 'release.pth'))
    data = Path(final).read_bytes()
    assert final == str(tmp_path / f'release-{hashlib.sha256(data).hexdigest()[:8]}.pth')
    published = torch.load(final, weights_only=True)
    original = torch.load(src, weights_only=False)
    assert 'optimizer' in original and set(published) == {'state_dict', 'meta'}
    assert published['state_dict'].keys() == original['state_dict'].keys()
    for key, value in original['state_dict'].items():
        torch.testing.assert_close(published['state_dict'][key], value)
    assert len(data) < src.stat().st_size
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith('release')] == [
        Path(final).name]  # nothing else left behind


def test_cli_names_a_bad_file(tmp_path):
    (tmp_path / 'bad.pth').write_bytes(b'not a checkpoint')
    done = subprocess.run([sys.executable, str(REPO / 'tools' / 'publish_model.py'),
                           str(tmp_path / 'bad.pth'), str(tmp_path / 'out.pth')],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.strip().startswith(f'error: {tmp_path / "bad.pth"}: not a readable')
    with pytest.raises(ValueError, match='no such checkpoint'):
        _tool().publish(str(tmp_path / 'missing.pth'), str(tmp_path / 'out.pth'))

"""init_cfg ``Pretrained`` in the project's scope: checkpoints load as data (numpy arrays under
either numpy major's names admitted, code refused unless trusted)."""
import subprocess
import sys

import numpy as np
import pytest
import torch
from mmengine.model.weight_init import PretrainedInit
from mmengine.registry import WEIGHT_INITIALIZERS as MMENGINE_WEIGHT_INITIALIZERS
from mmengine.registry import DefaultScope, build_from_cfg
from payloads import Payload, respell_checkpoint

from stgcn_kit.models import STGCN, SafePretrainedInit
from stgcn_kit.utils import UnsafeFileError

SMALL = dict(graph_cfg=dict(layout='coco', mode='spatial'), base_channels=8, num_stages=2,
             inflate_stages=[], down_stages=[])


def _pretrained(path, **kwargs):
    return STGCN(**SMALL, init_cfg=dict(type='Pretrained', checkpoint=str(path),
                                        prefix='backbone.', **kwargs))


def _recognizer_checkpoint(tmp_path):
    """A recognizer checkpoint as PYSKL's releases are: random backbone weights, a head, and
    numpy arrays and scalars in its meta, pickled under the other numpy major's module names."""
    source = STGCN(**SMALL)
    with torch.no_grad():
        for p in source.parameters():
            p.uniform_(-1, 1)
    state = {f'backbone.{k}': v for k, v in source.state_dict().items()}
    state['cls_head.fc_cls.weight'] = torch.zeros(3, 16)
    meta = dict(mean=np.arange(3, dtype=np.float32), epoch=np.int64(80))
    torch.save({'state_dict': state, 'meta': meta}, tmp_path / 'ours.pth')
    other = respell_checkpoint(tmp_path / 'ours.pth', tmp_path / 'other.pth')
    ours_name = b'numpy._core' if np.__version__ >= '2' else b'numpy.core.'
    assert ours_name not in other.read_bytes()  # the respelt file names numpy as the other major
    return source, other


def test_every_scope_builds_the_safe_initializer():
    cfg = dict(type='Pretrained', checkpoint='x.pth')
    for scope in ('stgcn_kit', 'mmengine'):
        with DefaultScope.overwrite_default_scope(scope):
            built = build_from_cfg(cfg, MMENGINE_WEIGHT_INITIALIZERS)
            assert type(built) is SafePretrainedInit and isinstance(built, PretrainedInit)


# a fresh interpreter: no default scope, as in a user's script that builds a model itself
HEAD_PRETRAINED = """
import sys
from mmengine.registry import DefaultScope
from stgcn_kit.registry import MODELS
from stgcn_kit.utils import UnsafeFileError
assert DefaultScope.get_current_instance() is None
model = MODELS.build(dict(
    type='RecognizerGCN',
    backbone=dict(type='STGCN', graph_cfg=dict(layout='coco', mode='spatial'), base_channels=8,
                  num_stages=2, inflate_stages=[], down_stages=[]),
    cls_head=dict(type='GCNHead', num_classes=3, in_channels=8, init_cfg=dict(
        type='Pretrained', checkpoint=sys.argv[1], prefix='cls_head.'))))
try:
    model.init_weights()
except UnsafeFileError as err:
    print(err)
"""


def test_a_heads_pretrained_built_outside_a_runner_loads_as_data(tmp_path):
    marker = tmp_path / 'ran'
    torch.save({'state_dict': {'cls_head.fc_cls.weight': Payload(marker)}}, tmp_path / 'p.pth')
    done = subprocess.run([sys.executable, '-c', HEAD_PRETRAINED, str(tmp_path / 'p.pth')],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert 'p.pth: refused to load the global builtins.exec' in done.stdout
    assert not marker.exists()


@pytest.mark.parametrize('content, message', [
    ([1, 2], 'a list, not a checkpoint'),
    ({'state_dict': [1, 2]}, 'its state_dict is a list, not a mapping')])
def test_a_checkpoint_of_the_wrong_structure_is_named(tmp_path, content, message):
    torch.save(content, tmp_path / 'odd.pth')
    with pytest.raises(ValueError, match=f'odd.pth: {message}'):
        _pretrained(tmp_path / 'odd.pth').init_weights()


def test_a_checkpoint_with_other_numpy_parts_loads_its_backbone(tmp_path):
    source, path = _recognizer_checkpoint(tmp_path)
    target = _pretrained(path)
    target.init_weights()
    for name, value in source.state_dict().items():
        torch.testing.assert_close(target.state_dict()[name], value, msg=name)


def test_a_prefix_the_checkpoint_lacks_is_named(tmp_path):
    _, path = _recognizer_checkpoint(tmp_path)
    model = STGCN(**SMALL, init_cfg=dict(type='Pretrained', checkpoint=str(path),
                                         prefix='neck.'))
    with pytest.raises(ValueError, match="other.pth: no weights under the prefix 'neck.'"):
        model.init_weights()


def test_a_crafted_checkpoint_runs_only_when_trusted(tmp_path):
    marker = tmp_path / 'ran'
    torch.save({'state_dict': {'backbone.data_bn.weight': Payload(marker)}}, tmp_path / 'p.pth')
    with pytest.raises(UnsafeFileError, match='p.pth: refused to load the global builtins.exec'):
        _pretrained(tmp_path / 'p.pth').init_weights()
    assert not marker.exists()
    _pretrained(tmp_path / 'p.pth', trust_pickle=True).init_weights()  # logs a non-tensor
    assert marker.exists()

"""init_cfg ``Pretrained`` in the project's scope: checkpoints load as data (numpy arrays under
either numpy major's names admitted, code refused unless trusted)."""
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


def test_the_project_scope_builds_the_safe_initializer():
    cfg = dict(type='Pretrained', checkpoint='x.pth')
    with DefaultScope.overwrite_default_scope('stgcn_kit'):
        assert type(build_from_cfg(cfg, MMENGINE_WEIGHT_INITIALIZERS)) is SafePretrainedInit
    with DefaultScope.overwrite_default_scope('mmengine'):
        assert type(build_from_cfg(cfg, MMENGINE_WEIGHT_INITIALIZERS)) is PretrainedInit


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

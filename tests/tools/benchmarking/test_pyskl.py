"""The benchmark's PYSKL loader on stand-in PYSKL checkouts (tests/tools/conftest.py): it
imports PYSKL's files under PYSKL's names, loads our weights strictly and refuses to time a
computation that is not ours."""
import sys

import pytest
import torch
from benchmarking import pyskl, steps
from torch import nn


def test_check_same_outputs_accepts_equal_and_rejects_different():
    ref = torch.linspace(-1, 1, 12).reshape(3, 4)
    lines = pyskl.check_same_outputs({'pyskl': ref, 'ours': ref + 1e-7}, 'pyskl')
    assert len(lines) == 1 and lines[0].startswith('max |ours - pyskl|: ')
    with pytest.raises(ValueError, match=r'ours differs from pyskl by up to 1\.000e-02'):
        pyskl.check_same_outputs({'pyskl': ref, 'ours': ref + 0.01 * (ref > 0)}, 'pyskl')
    with pytest.raises(ValueError, match=r'ours gives shape \(4, 3\), pyskl \(3, 4\)'):
        pyskl.check_same_outputs({'pyskl': ref, 'ours': ref.t()}, 'pyskl')


def test_a_folder_that_is_not_pyskl_is_named_with_what_is_missing(tmp_path, isolated_pyskl):
    (tmp_path / 'pyskl' / 'models' / 'cnns').mkdir(parents=True)
    (tmp_path / 'pyskl' / 'models' / 'cnns' / 'c3d.py').write_text('')
    with pytest.raises(FileNotFoundError, match='not a PYSKL checkout, missing pyskl/models/'
                       'cnns/resnet3d.py') as err:
        pyskl.PysklCode(str(tmp_path))
    assert 'pyskl/models/cnns/c3d.py' not in str(err.value)
    assert 'pyskl' not in sys.modules


@pytest.mark.parametrize('name', sorted(steps.POSEC3D))
def test_our_weights_load_strictly_and_give_the_same_scores(name, fake_pyskl, isolated_pyskl):
    code = pyskl.PysklCode(str(fake_pyskl))
    # imported under PYSKL's own module names, from the given checkout
    assert code.modules['models/cnns/c3d'].__name__ == 'pyskl.models.cnns.c3d'
    assert sys.modules['pyskl.models.cnns.c3d'].__file__.startswith(str(fake_pyskl))
    cfg = steps.model_cfg(name)
    ours = steps.build_model(cfg, torch.device('cpu'))
    theirs = code.recognizer(cfg)
    assert isinstance(theirs, pyskl.PysklRecognizer3D)
    assert type(theirs.backbone).__module__.startswith('pyskl.models.cnns')
    pyskl.load_same_weights(theirs, ours)
    for key, value in ours.state_dict().items():
        assert torch.equal(theirs.state_dict()[key], value), key
    x = torch.rand(2, 1, 17, 4, 32, 32)
    with torch.no_grad():
        scores = {'pyskl': theirs.eval()(x), 'stgcn_kit': ours.eval()(x, mode='tensor')}
    assert scores['pyskl'].shape == (2, 60)
    pyskl.check_same_outputs(scores, 'pyskl')


def test_strict_loading_rejects_other_names(fake_pyskl, isolated_pyskl):
    code = pyskl.PysklCode(str(fake_pyskl))
    cfg = steps.model_cfg('C3D-light')
    theirs = code.recognizer(cfg)
    ours = steps.build_model(cfg, torch.device('cpu'))
    ours.cls_head.extra = nn.Linear(1, 1)
    with pytest.raises(RuntimeError, match='Unexpected key.*cls_head.extra.weight'):
        pyskl.load_same_weights(theirs, ours)


def test_a_different_computation_is_caught(wrong_pyskl, isolated_pyskl):
    code = pyskl.PysklCode(str(wrong_pyskl))
    cfg = steps.model_cfg('X3D-shallow')
    ours = steps.build_model(cfg, torch.device('cpu'))
    theirs = code.recognizer(cfg)
    pyskl.load_same_weights(theirs, ours)
    x = torch.rand(1, 1, 17, 4, 32, 32)
    with torch.no_grad():
        scores = {'pyskl': theirs.eval()(x), 'stgcn_kit': ours.eval()(x, mode='tensor')}
    with pytest.raises(ValueError, match='stgcn_kit differs from pyskl by up to 5.000e-01'):
        pyskl.check_same_outputs(scores, 'pyskl')


def test_unknown_types_have_no_pyskl_counterpart(fake_pyskl, isolated_pyskl):
    code = pyskl.PysklCode(str(fake_pyskl))
    with pytest.raises(ValueError, match="PYSKL counterpart of 'STGCN' unknown"):
        code.recognizer(dict(type='Recognizer3D', backbone=dict(type='STGCN'),
                             cls_head=dict(type='I3DHead')))
    with pytest.raises(ValueError, match="PYSKL counterpart of 'Normalize' unknown"):
        code.pipeline([dict(type='Normalize')])

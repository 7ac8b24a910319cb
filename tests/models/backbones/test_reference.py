"""PYSKL's own forward passes (../shared/reference) reproduced from their state dicts, by both
implementations."""
import pytest
import torch
from reference_cases import PYSKL_CASES, assert_reproduces_pyskl


def _state_dict_listing(path):
    """``name -> shape`` from a ``*_state_dict.txt``, without the ``backbone.`` prefix."""
    shapes = {}
    for line in path.read_text().splitlines():
        if line.startswith('backbone.'):  # 'backbone.<name> (3, 25, 25) torch.float32'
            name, rest = line.split(' ', 1)
            shape = rest.rsplit(' ', 1)[0].strip('()')
            shapes[name[len('backbone.'):]] = tuple(int(s) for s in shape.split(',') if s.strip())
    return shapes


@pytest.mark.parametrize('impl', ['fast', 'plain'])
@pytest.mark.parametrize('name', PYSKL_CASES)
def test_state_dict_names_and_shapes_equal_pyskl(name, impl, reference_dir):
    cls, kwargs = PYSKL_CASES[name]
    ours = {k: tuple(v.shape) for k, v in cls(**kwargs, impl=impl).state_dict().items()}
    assert ours == _state_dict_listing(reference_dir / f'{name}_state_dict.txt')


@pytest.mark.parametrize('impl', ['fast', 'plain'])
@pytest.mark.parametrize('name', PYSKL_CASES)
def test_reference_output(name, impl, reference_dir):
    saved = torch.load(reference_dir / f'{name}_eval.pt', weights_only=False)
    cls, kwargs = PYSKL_CASES[name]
    model = cls(**kwargs, impl=impl)
    model.load_state_dict(saved['state_dict'], strict=True)
    assert_reproduces_pyskl(model.eval(), saved)

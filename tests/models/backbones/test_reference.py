"""PYSKL's own forward passes (../shared/reference) reproduced from their state dicts."""
import pytest
import torch

from reference_cases import PYSKL_CASES

from stgcn_kit.models import AAGCN


def _state_dict_listing(path):
    """``name -> shape`` from a ``*_state_dict.txt``, without the ``backbone.`` prefix."""
    shapes = {}
    for line in path.read_text().splitlines():
        if line.startswith('backbone.'):  # 'backbone.<name> (3, 25, 25) torch.float32'
            name, rest = line.split(' ', 1)
            shape = rest.rsplit(' ', 1)[0].strip('()')
            shapes[name[len('backbone.'):]] = tuple(int(s) for s in shape.split(',') if s.strip())
    return shapes


@pytest.mark.parametrize('name', PYSKL_CASES)
def test_state_dict_names_and_shapes_equal_pyskl(name, reference_dir):
    cls, kwargs = PYSKL_CASES[name]
    ours = {k: tuple(v.shape) for k, v in cls(**kwargs).state_dict().items()}
    assert ours == _state_dict_listing(reference_dir / f'{name}_state_dict.txt')


@pytest.mark.parametrize('name', PYSKL_CASES)
def test_reference_output(name, reference_dir):
    ref = torch.load(reference_dir / f'{name}_eval.pt', weights_only=False)
    cls, kwargs = PYSKL_CASES[name]
    model = cls(**kwargs)
    model.load_state_dict(ref['state_dict'], strict=True)
    model.eval()
    with torch.no_grad():
        out = model(ref['input'])
    assert out.shape == ref['output'].shape
    scale = ref['output'].abs().max().item()
    # The AAGCN reference reaches ~4.6e6 (attention gates compound over ten blocks), where
    # float32 itself resolves only ~0.5: PYSKL's float32 result lies ~30 from the float64 answer
    # of the same network, so 1e-4 absolute is only reachable by repeating its operation order.
    # Ours is held to 1e-4 absolute where the scale allows, and 1e-5 relative to the scale above.
    tol = max(1e-4, 1e-5 * scale) if scale > 1e3 else 1e-4
    assert (out - ref['output']).abs().max().item() <= tol


def test_aagcn_float64_agrees_with_reference_to_float32_precision(reference_dir):
    """Our float64 forward vs PYSKL's float32 numbers: the gap is float32 rounding only."""
    ref = torch.load(reference_dir / 'aagcn_ntu_spatial_eval.pt', weights_only=False)
    model = AAGCN(graph_cfg=dict(layout='nturgb+d', mode='spatial')).double()
    model.load_state_dict(ref['state_dict'], strict=True)
    model.eval()
    with torch.no_grad():
        out = model(ref['input'].double())
    rel = (out - ref['output'].double()).abs().max() / ref['output'].abs().max()
    assert rel.item() < 1e-5

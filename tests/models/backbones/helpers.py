"""Shared checks for the backbone tests."""
from typing import Dict, Sequence, Set

import torch
from torch import nn


def assert_all_params_get_finite_grads(model: nn.Module, x: torch.Tensor) -> None:
    """One training-mode backward pass; every parameter must receive a finite, non-None grad."""
    model.train()
    out = model(x)
    # weighting by a random tensor keeps BN's batch-normalised sums from cancelling the signal
    (out * torch.randn_like(out)).sum().backward()
    missing = [n for n, p in model.named_parameters() if p.grad is None]
    assert not missing, f'no gradient for {missing}'
    bad = [n for n, p in model.named_parameters() if not torch.isfinite(p.grad).all()]
    assert not bad, f'non-finite gradient for {bad}'


#: gates that PYSKL initialises to zero (CTR-GCN's and DG-STGCN's ``alpha``/``beta``, DG-STGCN's
#: ``add_coeff``); the reference data gives them small non-zero values
GATES = ('alpha', 'beta', 'add_coeff')


def reference_values(shapes: Dict[str, Sequence[int]], params: Set[str],
                     seed: int) -> Dict[str, torch.Tensor]:
    """The PYSKL reference runs' weights (tests/data/pyskl_gcn) for a state dict listed as
    ``name -> shape``: the parameters ``params`` and the BN statistics in sorted-name order from
    one seeded generator, so equal names and shapes give equal weights. Other entries (the
    graph buffers, BN's batch counts) are left out."""
    g = torch.Generator().manual_seed(seed)
    values = {}
    for name in sorted(shapes):
        if name not in params and not name.endswith(('running_mean', 'running_var')):
            continue
        r = torch.randn(tuple(shapes[name]), generator=g)
        if name.endswith('running_var'):
            values[name] = r.abs() + 0.5
        elif name.endswith(('running_mean', 'bias')) or name.rsplit('.', 1)[-1] in GATES:
            values[name] = 0.1 * r
        elif r.dim() > 1:
            values[name] = r / max(1, r[0].numel()) ** 0.5
        else:
            values[name] = 1 + 0.1 * r
    return values


def fill_reference_state(model: nn.Module, seed: int) -> None:
    """:func:`reference_values` written into ``model`` in place (the generating script uses
    this function itself)."""
    state = model.state_dict()
    shapes = {name: t.shape for name, t in state.items() if t.is_floating_point()}
    params = {name for name, _ in model.named_parameters()}
    with torch.no_grad():
        for name, value in reference_values(shapes, params, seed).items():
            state[name].copy_(value)

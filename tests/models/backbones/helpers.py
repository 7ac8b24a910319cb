"""Shared checks for the backbone tests."""
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

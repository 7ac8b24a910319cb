"""Comparing a module with an independent re-implementation, outputs and gradients alike."""
from typing import Callable

import torch
from torch import nn


def assert_same_outputs_and_gradients(module: nn.Module, naive: Callable, x: torch.Tensor):
    """``module(x)`` equals ``naive(module, x)``, and so do the gradients of a random projection
    of the output with respect to ``x`` (which must require grad) and every parameter."""
    out, ref = module(x), naive(module, x)
    torch.testing.assert_close(out, ref)
    grad_out = torch.randn_like(out)
    params = [x] + list(module.parameters())
    for g, r in zip(torch.autograd.grad(out, params, grad_out),
                    torch.autograd.grad(ref, params, grad_out)):
        torch.testing.assert_close(g, r)

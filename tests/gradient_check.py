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


def assert_same_function(module: nn.Module, other: nn.Module, x: torch.Tensor, **tolerance):
    """``module`` and ``other`` (same parameter names, e.g. one implementation against another)
    give the same output for ``x`` and the same gradients, of a random projection of the output,
    with respect to ``x`` and every parameter, compared by name."""
    x_other = x.detach().clone().requires_grad_()
    x = x.detach().clone().requires_grad_()
    out, ref = module(x), other(x_other)
    torch.testing.assert_close(out, ref, **tolerance)
    grad_out = torch.randn_like(ref)
    (out * grad_out).sum().backward()
    (ref * grad_out).sum().backward()
    torch.testing.assert_close(x.grad, x_other.grad, **tolerance, msg='gradient of the input')
    other_params = dict(other.named_parameters())
    for name, param in module.named_parameters():
        torch.testing.assert_close(param.grad, other_params[name].grad, **tolerance,
                                   msg=f'gradient of {name}')

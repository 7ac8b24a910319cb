"""Mixed precision on the CPU: bfloat16 autocast where the CPU has bfloat16 units.

On CPUs with AVX512-BF16 or AMX-BF16, oneDNN runs bfloat16 convolutions and matrix products
on them; elsewhere bfloat16 is emulated and slower than float32, so ``--amp`` on such a CPU
says so and runs float32. bfloat16 keeps float32's exponent range, so no loss scaling is needed
(mmengine's ``AmpOptimWrapper`` requires CUDA for its scaler).
"""
import contextlib
from typing import Iterator, Optional, Sequence

import torch
from mmengine.optim import OptimWrapper
from torch import nn

from ..registry import OPTIM_WRAPPERS


def cpu_bf16_units() -> Optional[str]:
    """The CPU's bfloat16 matrix units as named in its flags (``'AMX-BF16'`` or
    ``'AVX512-BF16'``), or None where it has none."""
    if torch.cpu._is_amx_tile_supported():
        return 'AMX-BF16'
    if torch.cpu._is_avx512_bf16_supported():
        return 'AVX512-BF16'
    return None


def cpu_amp_note() -> str:
    """What ``--amp`` does on this CPU, in one sentence for the user."""
    units = cpu_bf16_units()
    if units is None:
        return ('--amp: this CPU has no bfloat16 units (AVX512-BF16 or AMX-BF16); running '
                'float32')
    return f'--amp: bfloat16 autocast on the CPU ({units})'


@OPTIM_WRAPPERS.register_module()
class CPUBF16OptimWrapper(OptimWrapper):
    """An ``OptimWrapper`` whose forward passes run under ``torch.autocast('cpu',
    torch.bfloat16)``: convolutions and matrix products in bfloat16, reductions, losses and
    the parameters (so the optimizer's updates) in float32."""

    @contextlib.contextmanager
    def optim_context(self, model: nn.Module) -> Iterator[None]:
        with super().optim_context(model), torch.autocast('cpu', dtype=torch.bfloat16):
            yield


def use_amp(cfg, loops: Sequence[str]) -> bool:
    """``--amp`` for ``cfg``: whether autocast applies here (CUDA, or a CPU with bfloat16
    units; on other CPUs :func:`cpu_amp_note` is printed and float32 runs). Where it applies,
    the config's loops ``loops`` (``'val_cfg'``, ``'test_cfg'``) that exist get ``fp16=True``:
    mmengine's ``ValLoop`` / ``TestLoop`` then autocast to the runner's device type, float16 on
    CUDA, bfloat16 on the CPU. Training's optimizer wrapper is the caller's to choose."""
    if not torch.cuda.is_available():
        print(cpu_amp_note())
        if cpu_bf16_units() is None:
            return False
    for key in loops:
        if cfg.get(key) is not None:
            cfg[key]['fp16'] = True
    return True

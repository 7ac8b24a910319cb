"""What a loaded checkpoint must be to give a model its weights: a mapping whose
``state_dict`` (or itself, for a bare state dict) maps names to tensors, holding every weight
of the model at the model's shape, all of them finite. Each check raises one
:class:`~stgcn_kit.errors.CheckpointError` naming the file and what is wrong."""
import re
from typing import Any, List, Mapping

import torch
from torch import nn

from stgcn_kit.errors import CheckpointError

_EXAMPLES = 3


def _kind(value: Any) -> str:
    return type(value).__name__


def _some(items: List[str], sep: str = ', ') -> str:
    """The first few ``items`` joined, an ellipsis standing for the rest."""
    return sep.join(items[:_EXAMPLES] + (['...'] if len(items) > _EXAMPLES else []))


def state_dict_of(checkpoint: Any, source: str) -> Mapping[str, Any]:
    """The weights of a loaded checkpoint: its ``state_dict``, or the checkpoint itself when it
    is a bare state dict (a mapping of tensors, as the original ST-GCN's releases are), with
    a ``module.`` prefix (a DDP wrapper's) removed.

    Raises:
        CheckpointError: the checkpoint is no mapping, its ``state_dict`` is no mapping, or it
            has no ``state_dict`` and is no bare state dict either.
    """
    if not isinstance(checkpoint, Mapping):
        raise CheckpointError(f'{source}: a {_kind(checkpoint)}, not a checkpoint (a mapping '
                              f'with a state_dict)')
    if 'state_dict' in checkpoint:
        state = checkpoint['state_dict']
        if not isinstance(state, Mapping):
            raise CheckpointError(f'{source}: its state_dict is a {_kind(state)}, not a mapping '
                                  f'of weight names to tensors')
    elif checkpoint and all(isinstance(v, torch.Tensor) for v in checkpoint.values()):
        state = checkpoint
    else:
        keys = _some([str(key) for key in checkpoint]) or 'none'
        raise CheckpointError(f'{source}: holds no state_dict (its keys: {keys})')
    return {re.sub(r'^module\.', '', str(key)): value for key, value in state.items()}


def check_fit(model: nn.Module, state: Mapping[str, Any], source: str) -> None:
    """Every weight and buffer of ``model`` must be in ``state`` as a tensor of its shape
    (BatchNorm's ``num_batches_tracked`` may be missing, as ``load_state_dict`` allows);
    entries the model lacks (counters other code keeps) are allowed.

    Raises:
        CheckpointError: naming the mismatching and missing weights (the first few of each).
    """
    problems: List[str] = []
    expected = model.state_dict()
    wrong = []
    for key, value in expected.items():
        if key not in state:
            continue
        found = state[key]
        if not isinstance(found, torch.Tensor):
            wrong.append(f'{key} is a {_kind(found)}')
        elif tuple(found.shape) != tuple(value.shape):
            wrong.append(f'{key} {tuple(found.shape)} where the model has {tuple(value.shape)}')
    if wrong:
        problems.append(f'{len(wrong)} of another shape or type ({_some(wrong, "; ")})')
    # torch fills in a BatchNorm's missing batch counter (checkpoints of torch < 0.4.1 lack it)
    missing = [key for key in expected
               if key not in state and not key.endswith('.num_batches_tracked')]
    if missing:
        problems.append(f'{len(missing)} of {len(expected)} missing ({_some(missing)})')
    if problems:
        raise CheckpointError(f"{source}: does not fit the config's model: weights "
                              f'{"; ".join(problems)}')


def check_finite(model: nn.Module, state: Mapping[str, Any], source: str) -> None:
    """The floating-point weights ``model`` takes from ``state`` must be finite.

    Raises:
        CheckpointError: naming how many hold NaN or infinity, and the first few.
    """
    bad = [key for key in model.state_dict() if isinstance(state.get(key), torch.Tensor)
           and state[key].is_floating_point() and not bool(torch.isfinite(state[key]).all())]
    if bad:
        raise CheckpointError(f'{source}: {len(bad)} weights hold NaN or infinite values '
                              f'({_some(bad)}): the scores of such a model mean nothing')

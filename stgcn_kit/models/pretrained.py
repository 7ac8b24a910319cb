"""``init_cfg=dict(type='Pretrained', checkpoint=..., prefix=...)`` loaded as data.

mmengine's ``PretrainedInit`` reads the file with ``torch.load`` and no ``weights_only``: on
older torch that unpickles whatever the file names, on newer torch it refuses the numpy 1.x
arrays of PYSKL's and mmaction2's released checkpoints. Registered under the same name in the
project's scope and in mmengine's root registry (where a module initialised with no default
scope, or in a scope that names no ``Pretrained`` of its own, finds it: a head's init_cfg
outside a runner), this one reads through :func:`~stgcn_kit.engine.checkpoint_compat.
load_checkpoint_file`, so configs written for mmaction2 keep ``type='Pretrained'``.
"""
from typing import Optional

from mmengine.logging import print_log
from mmengine.model.weight_init import PretrainedInit, update_init_info
from mmengine.registry import WEIGHT_INITIALIZERS as MMENGINE_WEIGHT_INITIALIZERS
from mmengine.runner.checkpoint import load_state_dict
from torch import nn

from stgcn_kit.engine.checkpoint_compat import load_checkpoint_file
from stgcn_kit.engine.weights import state_dict_of
from stgcn_kit.errors import CheckpointError
from stgcn_kit.registry import WEIGHT_INITIALIZERS


@MMENGINE_WEIGHT_INITIALIZERS.register_module(name='Pretrained', force=True)
@WEIGHT_INITIALIZERS.register_module(name='Pretrained')
class SafePretrainedInit(PretrainedInit):
    """Load ``checkpoint``'s weights (those under ``prefix``, with the prefix removed, when
    given) into the module, non-strictly, as mmengine's ``Pretrained`` does.

    Args:
        checkpoint: a local path or an mmengine storage URL.
        prefix: e.g. ``'backbone.'`` to load a recognizer checkpoint's backbone.
        map_location: as for ``torch.load``.
        trust_pickle: unpickle the file fully, which lets it run code: only for a file whose
            origin you trust (``--trust-pickle`` sets it).
    """

    def __init__(self, checkpoint: str, prefix: Optional[str] = None, map_location='cpu',
                 trust_pickle: bool = False) -> None:
        super().__init__(checkpoint, prefix=prefix, map_location=map_location)
        self.trust_pickle = trust_pickle

    def __call__(self, module: nn.Module) -> None:
        source = str(self.checkpoint)
        ckpt = load_checkpoint_file(
            source, self.map_location, trust=self.trust_pickle, weights_only_parts=True,
            hint='set trust_pickle=True in the Pretrained init_cfg (tools: --trust-pickle) if '
                 'you trust its origin')
        state = state_dict_of(ckpt, source)
        if self.prefix:
            state = {key[len(self.prefix):]: value for key, value in state.items()
                     if key.startswith(self.prefix)}
            if not state:
                raise CheckpointError(f'{source}: no weights under the prefix {self.prefix!r}')
        print_log(f'load {self.prefix or "model"} weights from: {source}', logger='current')
        load_state_dict(module, state, strict=False, logger='current')
        if hasattr(module, '_params_init_info'):
            update_init_info(module, init_info=self._get_init_info())

"""An mmengine ``Runner`` that works the same on CPU-only machines and on GPUs, on new torch
versions, and that never leaves a half-written checkpoint behind."""
import datetime
import glob
import os
import os.path as osp
import re
from typing import Dict, Optional

import torch
import torch.distributed as torch_dist
from mmengine.dist import is_distributed, master_only
from mmengine.model import is_model_wrapper, revert_sync_batchnorm
from mmengine.runner import Runner
from mmengine.runner.checkpoint import _load_checkpoint_to_model

from stgcn_kit.registry import MODEL_WRAPPERS, RUNNERS
from .checkpoint_compat import (load_checkpoint_file, message_hub_from_plain,
                                message_hub_to_plain)


def _init_cpu_process_group(launcher: str, dist_cfg: Dict) -> None:
    """Join the gloo group of a ``torchrun`` launch, as mmengine's ``init_dist`` would but
    without its ``torch.cuda.set_device`` (which fails on a CPU-only torch)."""
    if launcher != 'pytorch':
        raise ValueError(f'launcher {launcher!r} needs CUDA; on a machine without GPUs use '
                         f'--launcher pytorch (tools/dist_train.sh, torchrun)')
    kwargs = {}
    if dist_cfg.get('timeout') is not None:
        kwargs['timeout'] = datetime.timedelta(seconds=dist_cfg['timeout'])
    torch_dist.init_process_group(backend='gloo', **kwargs)


def latest_complete_checkpoint(work_dir: str) -> Optional[str]:
    """The checkpoint named in ``work_dir/last_checkpoint``, or, where that file is empty or
    names a missing file (a run killed while writing it), the newest ``epoch_*``/``iter_*``."""
    pointer = osp.join(work_dir, 'last_checkpoint')
    if osp.isfile(pointer):
        with open(pointer) as f:
            named = f.read().strip()
        if named and osp.isfile(named):
            return named
    numbered = [(int(m.group(1)), path) for path in glob.glob(osp.join(work_dir, '*.pth'))
                if (m := re.fullmatch(r'(?:epoch|iter)_(\d+)\.pth', osp.basename(path)))]
    return max(numbered)[1] if numbered else None


@RUNNERS.register_module()
class PortableRunner(Runner):
    """``mmengine.runner.Runner`` with five adaptations, active whatever the entry point:

    * checkpoints load with ``weights_only=True`` whatever the torch version (the config key
      ``trust_pickle = True`` lifts it for files the user trusts), numpy types of either major
      version are admitted, and the message hub is stored without ``HistoryBuffer`` objects;
    * ``load_from`` without resuming needs only the weights: a foreign checkpoint's unreadable
      optional parts are skipped with a warning;
    * ``launcher='pytorch'`` without CUDA joins a gloo process group instead of calling
      ``torch.cuda.set_device``;
    * on CPU, DDP wraps the model with ``device_ids=None`` and ``sync_bn`` is ignored (SyncBN
      is CUDA-only);
    * checkpoints are written to a temporary file and renamed into place, and auto-resume
      skips a ``last_checkpoint`` that a kill left empty.
    """

    _resuming = False

    def call_hook(self, fn_name: str, **kwargs) -> None:
        checkpoint = kwargs.get('checkpoint')
        if fn_name == 'after_load_checkpoint' and 'message_hub' in checkpoint:
            checkpoint['message_hub'] = message_hub_from_plain(checkpoint['message_hub'])
        super().call_hook(fn_name, **kwargs)
        if fn_name == 'before_save_checkpoint' and 'message_hub' in checkpoint:
            checkpoint['message_hub'] = message_hub_to_plain(checkpoint['message_hub'])

    def resume(self, filename: str, *args, **kwargs) -> None:
        self._resuming = True
        try:
            super().resume(filename, *args, **kwargs)
        finally:
            self._resuming = False

    def load_checkpoint(self, filename: str, map_location='cpu', strict: bool = False,
                        revise_keys: list = [(r'^module.', '')]) -> dict:  # noqa: B006
        # mmengine's own loading calls torch.load without weights_only
        checkpoint = load_checkpoint_file(
            filename, map_location, trust=bool(self.cfg.get('trust_pickle', False)),
            weights_only_parts=not self._resuming,
            hint='pass --trust-pickle (config: trust_pickle = True) if you trust its origin')
        self.call_hook('after_load_checkpoint', checkpoint=checkpoint)
        model = self.model.module if is_model_wrapper(self.model) else self.model
        checkpoint = _load_checkpoint_to_model(model, checkpoint, strict, revise_keys=revise_keys)
        self._has_loaded = True
        self.logger.info(f'Load checkpoint from {filename}')
        return checkpoint

    def setup_env(self, env_cfg: Dict) -> None:
        if self.distributed and not is_distributed() and not torch.cuda.is_available():
            _init_cpu_process_group(self.launcher, env_cfg.get('dist_cfg', {}))
        super().setup_env(env_cfg)

    def wrap_model(self, model_wrapper_cfg: Optional[Dict], model: torch.nn.Module):
        if not self.distributed or torch.cuda.is_available():
            return super().wrap_model(model_wrapper_cfg, model)
        if self.cfg.get('sync_bn') is not None:
            self.logger.warning('sync_bn is ignored: SyncBatchNorm needs CUDA')
        model = revert_sync_batchnorm(model.to('cpu'))
        wrapper_cfg = dict(type='MMDistributedDataParallel', broadcast_buffers=False,
                           find_unused_parameters=self.cfg.get('find_unused_parameters', False))
        wrapper_cfg.update(model_wrapper_cfg or {})
        return MODEL_WRAPPERS.build(wrapper_cfg, default_args=dict(module=model))

    def load_or_resume(self) -> None:
        if self._resume and self._load_from is None and not self._has_loaded:
            self._load_from = latest_complete_checkpoint(self.work_dir)
            if self._load_from is None:
                self.logger.info(f'Nothing to resume in {self.work_dir}: training from scratch')
                self._resume = False
        super().load_or_resume()

    @master_only
    def save_checkpoint(self, out_dir: str, filename: str, *args, **kwargs) -> None:
        if '://' in str(out_dir):  # remote storage has no rename; mmengine writes it whole
            return super().save_checkpoint(out_dir, filename, *args, **kwargs)
        partial = f'.{filename}.part'
        super().save_checkpoint(out_dir, partial, *args, **kwargs)
        partial_path = osp.join(out_dir, partial)
        with open(partial_path, 'rb') as f:
            os.fsync(f.fileno())
        os.replace(partial_path, osp.join(out_dir, filename))

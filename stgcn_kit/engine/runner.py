"""An mmengine ``Runner`` that works the same on CPU-only machines and on GPUs, on new torch
versions, and that never leaves a half-written checkpoint behind."""
import contextlib
import datetime
import glob
import logging
import os
import os.path as osp
import re
import zipfile
from typing import Dict, List, Optional, Tuple, Union

import torch
import torch.distributed as torch_dist
from mmengine.dist import is_distributed, is_main_process, master_only
from mmengine.logging import print_log
from mmengine.model import is_model_wrapper, revert_sync_batchnorm
from mmengine.runner import BaseLoop, Runner
from mmengine.runner.checkpoint import _load_checkpoint_to_model

from stgcn_kit.errors import CheckpointError
from stgcn_kit.registry import MODEL_WRAPPERS, RUNNERS
from stgcn_kit.utils.seeding import derive_seed, seed_everything

from .checkpoint_compat import load_checkpoint_file, message_hub_from_plain, message_hub_to_plain
from .weights import check_finite, check_fit, state_dict_of
from .work_dir import POINTER_FILE, WorkDirLock, partial_name, read_last_checkpoint


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


def validate_checkpoint(path: str) -> None:
    """Raise :class:`~stgcn_kit.errors.CheckpointError` naming ``path`` when it is missing,
    empty, or a torch zip archive that is truncated or corrupt (checked by the archive's CRCs,
    without unpickling anything). Remote paths (``scheme://``) are left to the loader."""
    if '://' in str(path):
        return
    if not osp.exists(path):
        if osp.islink(path):
            raise CheckpointError(f'{path}: a symbolic link to nothing (its target is missing, '
                                  f'or the links loop)')
        raise CheckpointError(f'{path}: no such checkpoint')
    if not osp.isfile(path):
        raise CheckpointError(f'{path}: is not a file')
    if osp.getsize(path) == 0:
        raise CheckpointError(f'{path}: empty checkpoint (0 bytes)')
    if not zipfile.is_zipfile(path):
        # torch's legacy (pre-zip) format has no index to check; a torch zip archive cut short
        # loses its central directory and lands here too
        with open(path, 'rb') as f:
            if f.read(4) == b'PK\x03\x04':
                raise CheckpointError(f'{path}: truncated checkpoint (incomplete archive)')
        return
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
    except Exception as err:  # noqa: BLE001 - damaged bytes fail in many ways (names, headers)
        raise CheckpointError(f'{path}: corrupt checkpoint ({type(err).__name__}: {err})') \
            from None
    if bad is not None:
        raise CheckpointError(f'{path}: corrupt checkpoint (entry {bad} fails its CRC)')


def _inside(path: str, folder: str) -> bool:
    real_folder = osp.realpath(folder)
    return osp.commonpath([real_folder, osp.realpath(path)]) == real_folder


def _resume_candidates(work_dir: str) -> List[str]:
    """The checkpoint ``work_dir/last_checkpoint`` names, then the ``epoch_*``/``iter_*``
    files newest first; a named checkpoint outside the work dir (the pointer of a copied work
    dir, or an ``out_dir`` elsewhere) comes after the work dir's own files."""
    named = read_last_checkpoint(work_dir)
    numbered = [(int(m.group(1)), path)
                for path in glob.glob(osp.join(glob.escape(work_dir), '*.pth'))
                if (m := re.fullmatch(r'(?:epoch|iter)_(\d+)\.pth', osp.basename(path)))]
    own = [named] if named is not None and _inside(named, work_dir) else []
    candidates = own + [path for _, path in sorted(numbered, reverse=True)
                        if not own or osp.realpath(path) != osp.realpath(named)]
    if named is not None and not own:
        candidates.append(named)
    return candidates


def _latest_valid(work_dir: str) -> Tuple[Optional[str], List[str]]:
    """The first valid one of :func:`_resume_candidates` (``None`` without one) and what was
    wrong with each candidate before it, each passed over with a warning."""
    problems = []
    for path in _resume_candidates(work_dir):
        try:
            validate_checkpoint(path)
        except CheckpointError as err:
            print_log(f'{err}; falling back to an older checkpoint', logger='current',
                      level=logging.WARNING)
            problems.append(str(err))
            continue
        return path, problems
    return None, problems


def latest_complete_checkpoint(work_dir: str) -> Optional[str]:
    """The newest valid checkpoint of ``work_dir`` (:func:`validate_checkpoint`): the one named
    in ``work_dir/last_checkpoint`` (relative to the work dir, or absolute), else (that file
    empty, naming a missing file, or the checkpoint damaged) the newest valid
    ``epoch_*``/``iter_*``, with a warning for each damaged one (or dangling link) passed over.
    A checkpoint the pointer names outside the work dir is taken only when the work dir has
    no valid one of its own. ``None`` when there is none."""
    return _latest_valid(work_dir)[0]


def _innermost_datasets(dataset) -> list:
    """The datasets inside wrappers (``RepeatDataset.dataset``, ``ConcatDataset.datasets``)."""
    if hasattr(dataset, 'datasets'):
        return [d for inner in dataset.datasets for d in _innermost_datasets(inner)]
    if hasattr(dataset, 'dataset'):
        return _innermost_datasets(dataset.dataset)
    return [dataset]


@RUNNERS.register_module()
class PortableRunner(Runner):
    """``mmengine.runner.Runner`` with these adaptations, active whatever the entry point:

    * checkpoints load with ``weights_only=True`` whatever the torch version (the config key
      ``trust_pickle = True`` lifts it for files the user trusts), numpy types of either major
      version are admitted, and the message hub is stored without ``HistoryBuffer`` objects;
    * ``load_from`` without resuming needs only the weights: a foreign checkpoint's unreadable
      optional parts are skipped with a warning;
    * ``launcher='pytorch'`` without CUDA joins a gloo process group instead of calling
      ``torch.cuda.set_device``;
    * on CPU, DDP wraps the model with ``device_ids=None`` and ``sync_bn`` is ignored (SyncBN
      is CUDA-only);
    * checkpoints are written to a temporary file and renamed into place (a failed save
      removes it and names the checkpoint it was writing; the project's ``CheckpointHook``
      deletes outdated checkpoints only after the new one is complete); auto-resume skips a
      ``last_checkpoint`` that a kill left empty and falls back from a damaged checkpoint (or a
      dangling link) to the previous valid one; where checkpoints were expected (a
      ``last_checkpoint`` file, ``epoch_*``/``iter_*`` files) but none is valid, it fails
      unless the config sets ``start_over = True`` (``tools/train.py --start-over``);
    * a training run holds the work dir's lock (:class:`~.work_dir.WorkDirLock`): a second
      run on the same work dir fails naming the first one's pid;
    * loaded checkpoints must be mappings with a mapping ``state_dict`` (a resumed one also a
      ``meta`` with its epoch and iteration); ``load_checkpoint(..., strict=True)`` (what
      testing uses) also needs every weight of the model at its shape, all finite;
    * each training epoch starts from generators seeded by ``(seed, epoch)``, in the main
      process and (through the datasets' ``set_epoch_seed``) in every data-loading worker,
      persistent ones included, so a resumed run draws the same augmentations, dropout and
      worker seeds as the uninterrupted one (the seed is stored in every checkpoint);
    * a dataset meeting the model is checked: labels must be below the head's ``num_classes``;
    * schedulers that would begin at or after the run's end are dropped (a warm-up longer than
      a short run then covers the whole run instead of failing).
    """

    _resuming = False

    def call_hook(self, fn_name: str, **kwargs) -> None:
        if fn_name == 'before_train_epoch':
            self._seed_epoch()
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

    def train(self) -> torch.nn.Module:
        lock = WorkDirLock(self.work_dir) if is_main_process() else None
        if lock is not None:
            lock.acquire()
        try:
            return super().train()
        finally:
            if lock is not None:
                lock.release()

    def load_checkpoint(self, filename: str, map_location='cpu', strict: bool = False,
                        revise_keys: list = [(r'^module.', '')]) -> dict:  # noqa: B006
        """Load ``filename``'s weights into the model.

        ``strict=True``: every weight and buffer of the model must be in the checkpoint at its
        shape and finite (entries the model lacks are ignored), else
        :class:`~stgcn_kit.errors.CheckpointError` naming the file and the weights; without
        it, as mmengine's, weights that do not fit are left out with a warning (fine-tuning).
        """
        # mmengine's own loading calls torch.load without weights_only
        checkpoint = load_checkpoint_file(
            filename, map_location, trust=bool(self.cfg.get('trust_pickle', False)),
            weights_only_parts=not self._resuming,
            hint='pass --trust-pickle (config: trust_pickle = True) if you trust its origin')
        state = state_dict_of(checkpoint, filename)
        if self._resuming:
            _check_resumable(checkpoint, filename)
        model = self.model.module if is_model_wrapper(self.model) else self.model
        if strict:
            check_fit(model, state, filename)
            check_finite(model, state, filename)
        self.call_hook('after_load_checkpoint', checkpoint=checkpoint)
        # the fit is checked above; entries the model lacks stay harmless
        checkpoint = _load_checkpoint_to_model(model, checkpoint, strict=False,
                                               revise_keys=revise_keys)
        self._has_loaded = True
        self.logger.info(f'Load checkpoint from {filename}')
        return checkpoint

    def setup_env(self, env_cfg: Dict) -> None:
        if self.distributed and not is_distributed() and not torch.cuda.is_available():
            _init_cpu_process_group(self.launcher, env_cfg.get('dist_cfg', {}))
        super().setup_env(env_cfg)

    def _seed_epoch(self) -> None:
        seed = derive_seed(self.seed, self.epoch)
        seed_everything(seed)
        for dataset in _innermost_datasets(self.train_dataloader.dataset):
            set_epoch_seed = getattr(dataset, 'set_epoch_seed', None)
            if set_epoch_seed is not None:
                set_epoch_seed(seed)

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

    def build_train_loop(self, loop: Union[BaseLoop, Dict]) -> BaseLoop:
        loop = super().build_train_loop(loop)
        self._check_labels(loop)
        return loop

    def build_val_loop(self, loop: Union[BaseLoop, Dict]) -> BaseLoop:
        loop = super().build_val_loop(loop)
        self._check_labels(loop)
        return loop

    def build_test_loop(self, loop: Union[BaseLoop, Dict]) -> BaseLoop:
        loop = super().build_test_loop(loop)
        self._check_labels(loop)
        return loop

    def _check_labels(self, loop: BaseLoop) -> None:
        """Labels beyond the head's classes fail here, naming the file and sample, instead of
        as an index error inside the loss some iterations later."""
        model = self.model.module if is_model_wrapper(self.model) else self.model
        num_classes = getattr(getattr(model, 'cls_head', None), 'num_classes', None)
        dataloader = getattr(loop, 'dataloader', None)
        if num_classes is None or dataloader is None:
            return
        for dataset in _innermost_datasets(dataloader.dataset):
            check = getattr(dataset, 'check_num_classes', None)
            if check is not None:
                check(int(num_classes))

    def build_param_scheduler(self, scheduler):
        if isinstance(self._train_loop, BaseLoop) and isinstance(scheduler, (list, tuple)):
            scheduler = [s for s in scheduler if not self._begins_after_run(s)]
        return super().build_param_scheduler(scheduler)

    def _begins_after_run(self, scheduler) -> bool:
        if not isinstance(scheduler, dict):
            return False
        by_epoch = scheduler.get('by_epoch', True)
        end = self.max_epochs if by_epoch else self.max_iters
        if scheduler.get('begin', 0) < end:
            return False
        self.logger.warning(f'{scheduler["type"]} begins at {"epoch" if by_epoch else "iter"} '
                            f'{scheduler["begin"]}, at or after the end of this {end}-'
                            f'{"epoch" if by_epoch else "iteration"} run: left out')
        return True

    def load_or_resume(self) -> None:
        if self.cfg.get('auto_resume', False) and self._load_from is None:
            self._resume = True  # PYSKL's auto_resume: continue where the work dir stopped
        if self._resume and self._load_from is not None and not self._has_loaded:
            validate_checkpoint(self._load_from)
        if self._resume and self._load_from is None and not self._has_loaded:
            self._load_from, problems = _latest_valid(self.work_dir)
            if self._load_from is None:
                expected = problems or osp.lexists(osp.join(self.work_dir, POINTER_FILE))
                if expected and not self.cfg.get('start_over', False):
                    why = problems[0] if problems else f'{POINTER_FILE} is empty'
                    raise CheckpointError(
                        f'{self.work_dir}: no valid checkpoint to resume from ({why}); '
                        f'--start-over (config: start_over = True) trains from scratch instead')
                self.logger.info(f'Nothing to resume in {self.work_dir}: training from scratch')
                self._resume = False
        super().load_or_resume()

    @master_only
    def save_checkpoint(self, out_dir: str, filename: str, *args, **kwargs) -> None:
        if '://' in str(out_dir):  # remote storage has no rename; mmengine writes it whole
            return super().save_checkpoint(out_dir, filename, *args, **kwargs)
        partial_path = osp.join(out_dir, partial_name(filename))
        final_path = osp.join(out_dir, filename)
        try:
            super().save_checkpoint(out_dir, partial_name(filename), *args, **kwargs)
            with open(partial_path, 'rb') as f:
                os.fsync(f.fileno())
            os.replace(partial_path, final_path)
        except BaseException as err:
            with contextlib.suppress(OSError):
                os.remove(partial_path)
            if isinstance(err, OSError):  # its file, if any, is the temporary one
                raise OSError(err.errno, f'cannot save the checkpoint ({err.strerror or err}); '
                              f'the older checkpoints are kept', final_path) from None
            raise


def _check_resumable(checkpoint: dict, source: str) -> None:
    """What resuming reads besides the weights: ``meta`` with the epoch and iteration, and the
    message hub."""
    meta = checkpoint.get('meta')
    if not isinstance(meta, dict) or not {'epoch', 'iter'} <= set(meta) or \
            not isinstance(checkpoint.get('message_hub'), dict):
        raise CheckpointError(f'{source}: cannot be resumed: it lacks the meta (epoch, '
                              f'iteration) or message_hub of a training checkpoint (give it as '
                              f'load_from to take its weights only)')

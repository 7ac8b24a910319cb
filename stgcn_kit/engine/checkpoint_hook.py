"""mmengine's ``CheckpointHook`` that deletes an outdated checkpoint only once its successor is
complete.

mmengine's hook deletes the oldest kept checkpoint (``max_keep_ckpts``) and the previous best
one before it writes the new one: a save that fails (disk full, file-size limit, a kill) then
leaves one checkpoint fewer, with ``max_keep_ckpts=1`` none at all. Registered under the same
name in the project's scope, this hook queues those deletions and carries them out after the
save succeeded; ``last_checkpoint`` names the checkpoint relative to the work dir.
"""
import contextlib
from typing import Any, Iterator, List, Tuple

from mmengine.dist import is_main_process
from mmengine.hooks import CheckpointHook

from stgcn_kit.registry import HOOKS

from .work_dir import remove_stale_partials, write_last_checkpoint


class _DeferredRemovals:
    """A file backend whose ``remove`` and ``rmtree`` are queued instead of done; everything
    else goes to ``backend``."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend
        self.pending: List[Tuple[str, str]] = []

    def remove(self, path: str) -> None:
        self.pending.append(('remove', path))

    def rmtree(self, path: str) -> None:
        self.pending.append(('rmtree', path))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.backend, name)


@HOOKS.register_module(name='CheckpointHook')
class SafeCheckpointHook(CheckpointHook):
    """``CheckpointHook`` (same arguments) whose deletions wait for the new checkpoint.

    Before training it also deletes the ``.part`` files of saves an earlier run was killed in
    (the runner holds the work dir's lock by then, so no other run is writing them).
    """

    def before_train(self, runner) -> None:
        super().before_train(runner)
        if '://' not in str(self.out_dir) and is_main_process():
            remove_stale_partials(self.out_dir)
        self.file_backend = _DeferredRemovals(self.file_backend)

    def _save_checkpoint_with_step(self, runner, step: int, meta: dict) -> None:
        with self._deletions_after_success():
            super()._save_checkpoint_with_step(runner, step, meta)
            if is_main_process() and '://' not in str(self.last_ckpt):
                write_last_checkpoint(runner.work_dir, self.last_ckpt)

    def _save_best_checkpoint(self, runner, metrics: dict) -> None:
        with self._deletions_after_success():
            super()._save_best_checkpoint(runner, metrics)

    @contextlib.contextmanager
    def _deletions_after_success(self) -> Iterator[None]:
        """Carry out the deletions queued in the block once it succeeded; forget them when it
        raised. (Blocks nest: the best checkpoint's save ends with a regular one.)"""
        try:
            yield
        except BaseException:
            self.file_backend.pending.clear()
            raise
        kept = {self.last_ckpt, getattr(self, 'best_ckpt_path', None),
                *getattr(self, 'best_ckpt_path_dict', {}).values()}
        for action, path in self.file_backend.pending:
            if path not in kept:
                getattr(self.file_backend.backend, action)(path)
        self.file_backend.pending.clear()

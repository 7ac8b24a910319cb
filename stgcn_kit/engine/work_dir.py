"""The files a training run keeps in its work dir besides checkpoints and logs: the lock that
keeps a second run out, the ``last_checkpoint`` pointer, and the temporary ``.part`` files of
checkpoints being written."""
import errno
import fcntl
import glob
import logging
import os
import os.path as osp
from typing import Optional

from mmengine.logging import print_log

from stgcn_kit.errors import ConfigError
from stgcn_kit.utils.io import atomic_open

LOCK_FILE = '.train.lock'
POINTER_FILE = 'last_checkpoint'


class WorkDirLock:
    """An exclusive lock on ``work_dir/.train.lock`` holding the owner's pid, taken by
    :meth:`acquire`, given up by :meth:`release` or by the process ending however it ends
    (the kernel drops a dead process's locks, so a killed run leaves no stale lock).

    A POSIX record lock (``lockf``), not ``flock``: forked data-loading workers do not inherit
    it, so a run's lock ends with the run, not with its last worker.
    """

    def __init__(self, work_dir: str) -> None:
        self.work_dir = work_dir
        self.path = osp.join(work_dir, LOCK_FILE)
        self._fd: Optional[int] = None

    def acquire(self) -> None:
        """Raises:
            ConfigError: another process holds the lock (names the work dir and its pid)."""
        os.makedirs(self.work_dir, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            os.close(fd)
            if err.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            raise ConfigError(f'{self.work_dir}: another training run (pid {self._owner()}) '
                              f'works in this directory; wait for it to end or give another '
                              f'--work-dir') from None
        os.ftruncate(fd, 0)
        os.write(fd, f'{os.getpid()}\n'.encode())
        self._fd = fd

    def _owner(self) -> str:
        try:
            with open(self.path) as f:
                return f.read().strip() or 'unknown'
        except OSError:
            return 'unknown'

    def release(self) -> None:
        if self._fd is not None:
            # the file stays: unlinking it would let a third run lock a new file while a
            # second one still waits on the old one
            os.close(self._fd)
            self._fd = None


def read_last_checkpoint(work_dir: str) -> Optional[str]:
    """The checkpoint ``work_dir/last_checkpoint`` names: a relative name is taken from the
    work dir (so a copied or moved work dir resumes from its own files); ``None`` without the
    file or when it is empty (a kill while it was written)."""
    try:
        with open(osp.join(work_dir, POINTER_FILE)) as f:
            named = f.read().strip()
    except (FileNotFoundError, IsADirectoryError):
        return None
    return osp.join(work_dir, named) if named else None


def write_last_checkpoint(work_dir: str, checkpoint: str) -> None:
    """Point ``work_dir/last_checkpoint`` at ``checkpoint`` (atomically): relative to the work
    dir when the checkpoint lies inside it, else as given."""
    inside = osp.commonpath([osp.abspath(work_dir), osp.abspath(checkpoint)]) == \
        osp.abspath(work_dir)
    with atomic_open(osp.join(work_dir, POINTER_FILE), 'w') as f:
        f.write(osp.relpath(checkpoint, work_dir) if inside else checkpoint)


def partial_name(filename: str) -> str:
    """The temporary name a checkpoint is written under before it is renamed into place."""
    return f'.{filename}.part'


def remove_stale_partials(out_dir: str) -> None:
    """Delete the ``.part`` files a killed run left in ``out_dir``, with a warning each (call
    it only while holding the work dir's lock: another run's ``.part`` is not stale)."""
    for path in sorted(glob.glob(osp.join(glob.escape(out_dir), '.*.part'))):
        os.remove(path)
        print_log(f'{path}: removed an incomplete checkpoint left by an interrupted run',
                  logger='current', level=logging.WARNING)

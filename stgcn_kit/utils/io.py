"""File writing that never leaves a half-written result behind, and pickle reading with errors
that name the file."""
import contextlib
import errno
import os
import pickle
import tempfile
from typing import Any, Iterator, IO


@contextlib.contextmanager
def atomic_open(path: str, mode: str = 'wb') -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success it replaces ``path`` in one rename.

    If the block raises (or the process is killed), ``path`` keeps its previous content.
    ``IsADirectoryError`` naming ``path`` when it is a directory.
    """
    path = os.fspath(path)
    if os.path.isdir(path):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f'.{os.path.basename(path)}.', suffix='.tmp')
    try:
        # mkstemp creates 0600; give the result the permissions a plain open() would
        os.chmod(tmp, 0o666 & ~_current_umask())
        with os.fdopen(fd, mode) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(tmp)
        raise


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def dump_pickle(obj: Any, path: str) -> None:
    """Pickle ``obj`` to ``path`` atomically."""
    with atomic_open(path, 'wb') as f:
        pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)


def load_pickle(path: str) -> Any:
    """Unpickle ``path``, raising ``ValueError`` naming the file when it is missing or corrupt."""
    try:
        with open(path, 'rb') as f:
            return pickle.load(f)
    except FileNotFoundError:
        raise ValueError(f'{path}: no such file') from None
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError) as err:
        raise ValueError(f'{path}: not a readable pickle ({type(err).__name__}: {err})') from None

"""File writing that never leaves a half-written result behind, and pickle reading that builds
only plain data, with errors that name the file."""
import contextlib
import errno
import os
import pickle
import tempfile
from typing import IO, Any, Iterator

from .safe_pickle import TRUST_HINT, RestrictedUnpickler, UnsafeFileError


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
        give_default_mode(tmp)
        with os.fdopen(fd, mode) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(tmp)
        raise


def give_default_mode(path: str) -> None:
    """Give ``path`` the permissions a plain ``open()`` would (``0666`` less the umask):
    ``tempfile.mkstemp`` creates ``0600`` files, which a result renamed into place keeps."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


def dump_pickle(obj: Any, path: str) -> None:
    """Pickle ``obj`` to ``path`` atomically."""
    with atomic_open(path, 'wb') as f:
        pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)


def load_pickle(path: str, trust: bool = False, hint: str = TRUST_HINT) -> Any:
    """Unpickle ``path``, raising ``ValueError`` naming the file when it is missing or corrupt.

    Unless ``trust`` is set the file may hold only plain data (see :mod:`.safe_pickle`); a file
    naming anything else raises :class:`UnsafeFileError` (a ``ValueError``) whose message ends
    with ``hint``, the way to trust it. ``trust`` unpickles fully: the file can run code.
    """
    try:
        with open(path, 'rb') as f:
            if trust:
                return pickle.load(f)
            return RestrictedUnpickler(f, str(path), hint).load()
    except FileNotFoundError:
        raise ValueError(f'{path}: no such file') from None
    except IsADirectoryError:
        raise ValueError(f'{path}: is a directory, not a pickle') from None
    except UnsafeFileError:
        raise
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError) as err:
        raise ValueError(f'{path}: not a readable pickle ({type(err).__name__}: {err})') from None
    except Exception as err:  # noqa: BLE001 - restricted unpickling runs no foreign code
        if trust:
            raise
        raise ValueError(f'{path}: not a readable pickle ({type(err).__name__}: {err})') from None

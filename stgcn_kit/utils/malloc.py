"""Let the process keep the memory it frees, so CPU training reuses it without page faults.

glibc's ``malloc`` maps every large block (above a threshold that grows to at most 32 MB) fresh
from the kernel and unmaps it when it is freed. A training step frees and re-creates its
activations and gradients, so each one is faulted in again, page by page, zero-filled: writing
a fresh tensor then costs several times what rewriting an existing one does. Keeping freed
memory removes that cost (docs/benchmark.md has the figures).
"""
import ctypes
import ctypes.util
import platform

# mallopt parameters from glibc's <malloc.h>
_M_TRIM_THRESHOLD = -1
_M_MMAP_MAX = -4
_NEVER_TRIM = 2**31 - 1  # the largest value mallopt's int argument takes, i.e. 2 GiB


def keep_freed_memory() -> bool:
    """Serve every allocation from glibc's heap and keep freed heap memory for reuse.

    The process's resident memory then stays near its peak instead of shrinking between steps
    (free heap tops above 2 GiB are still returned). A process-wide setting: call it where a
    process starts its work (:func:`stgcn_kit.engine.run_job` does for CPU runs whose config
    sets ``env_cfg.keep_freed_memory``), never at import. Forked data-loader workers inherit it.

    Returns:
        Whether it applied: False where the C library is not glibc (musl, macOS, Windows).
    """
    if platform.system() != 'Linux' or platform.libc_ver()[0] != 'glibc':
        return False
    libc = ctypes.CDLL(ctypes.util.find_library('c'))
    # mallopt returns 1 on success
    return bool(libc.mallopt(_M_MMAP_MAX, 0)) and bool(
        libc.mallopt(_M_TRIM_THRESHOLD, _NEVER_TRIM))

import platform
import subprocess
import sys
import textwrap

import pytest

from stgcn_kit.utils import keep_freed_memory

GLIBC = platform.system() == 'Linux' and platform.libc_ver()[0] == 'glibc'

# Allocates and frees a 64 MiB block, then prints glibc's own accounting (mallinfo2): the bytes
# in mmap-ed blocks while it is held, and the free bytes the heap keeps after it is freed.
PROBE = textwrap.dedent('''
    import ctypes, ctypes.util, sys
    from stgcn_kit.utils import keep_freed_memory
    class MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in (
            'arena', 'ordblks', 'smblks', 'hblks', 'hblkhd', 'usmblks', 'fsmblks', 'uordblks',
            'fordblks', 'keepcost')]
    libc = ctypes.CDLL(ctypes.util.find_library('c'))
    libc.mallinfo2.restype = MallInfo2
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    if sys.argv[1] == 'keep':
        assert keep_freed_memory()
    block = libc.malloc(64 << 20)
    ctypes.memset(block, 1, 64 << 20)
    mapped = libc.mallinfo2().hblkhd
    libc.free(block)
    print(mapped, libc.mallinfo2().fordblks)
''')


def _probe(mode: str):
    out = subprocess.run([sys.executable, '-c', PROBE, mode], capture_output=True, text=True,
                         check=True).stdout
    return [int(v) for v in out.split()]


@pytest.mark.skipif(not GLIBC, reason='keep_freed_memory acts on glibc only')
def test_large_blocks_come_from_the_heap_and_stay_after_free():
    mapped_default, kept_default = _probe('default')
    mapped, kept = _probe('keep')
    # glibc's default: the block is mmap-ed and given back to the kernel when freed
    assert mapped_default >= 64 << 20
    assert kept_default < 64 << 20
    # kept: no mapping of its own, and the freed 64 MiB stays in the heap for the next tensor
    assert mapped < 64 << 20
    assert kept >= 64 << 20


@pytest.mark.parametrize('system, libc', [('Linux', ('musl', '')), ('Darwin', ('', ''))])
def test_reports_not_applied_without_glibc(monkeypatch, system, libc):
    monkeypatch.setattr(platform, 'system', lambda: system)
    monkeypatch.setattr(platform, 'libc_ver', lambda: libc)
    assert keep_freed_memory() is False

"""Crafted files: pickles whose loading would run code (unpickling a :class:`Payload` creates
its marker file, so a test sees whether a loader executed it), and pickles respelt as the other
numpy major version writes them."""
import pickle
import pickletools
import zipfile
from pathlib import Path


class Payload:
    """Pickles as ``builtins.exec`` of a line that creates ``marker``."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self):
        return exec, (f'open({self.marker!r}, "w").close()', )


def write_payload_pickle(path: Path, marker: Path, wrap=lambda payload: payload) -> Path:
    """``wrap(Payload(marker))`` pickled to ``path``; ``wrap`` places the payload in an
    otherwise plausible file (an annotation dict, a result list, ...)."""
    path.write_bytes(pickle.dumps(wrap(Payload(marker)), protocol=pickle.HIGHEST_PROTOCOL))
    return path


def _unframed(data: bytes) -> bytes:
    # FRAME opcodes (optional in protocols 4 and 5) hold lengths that an edit would break
    frames = [pos for op, _, pos in pickletools.genops(data) if op.name == 'FRAME']
    for pos in reversed(frames):
        data = data[:pos] + data[pos + 9:]
    return data


def other_numpy_spelling(data: bytes) -> bytes:
    """The pickle ``data`` with numpy's modules named as the other numpy major names them
    (``numpy._core`` <-> ``numpy.core``): what the same objects pickled there look like."""
    data = _unframed(data)
    ours, other = (b'numpy._core', b'numpy.core') if b'numpy._core.' in data else \
        (b'numpy.core', b'numpy._core')
    data = data.replace(b'c' + ours + b'.', b'c' + other + b'.')  # GLOBAL, protocols <= 3
    for sub in (b'.multiarray', b'.numeric'):  # SHORT_BINUNICODE before STACK_GLOBAL
        data = data.replace(bytes([0x8c, len(ours + sub)]) + ours + sub,
                            bytes([0x8c, len(other + sub)]) + other + sub)
    return data


def respell_checkpoint(src: Path, dst: Path) -> Path:
    """Copy the ``torch.save`` zip ``src`` to ``dst`` with its pickle respelt by
    :func:`other_numpy_spelling`."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, 'w', zipfile.ZIP_STORED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename.endswith('/data.pkl'):
                data = other_numpy_spelling(data)
            zout.writestr(item, data)
    return dst

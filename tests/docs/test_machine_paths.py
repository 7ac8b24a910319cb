"""Nothing committed under docs/ or configs/ names a path of the machine that made it: logs and
generated configs give paths relative to the checkout, or placeholders."""
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# an absolute path into a user's or a scratch folder of this kind of machine; not one inside
# another path (PyTorch's build settings name /opt/rh/gcc-toolset-13/root/usr/bin/c++)
MACHINE_PATH = re.compile(r'(?<![\w.~-])/(work|tmp|root|home)/')
BINARY = ('.pkl', '.pth', '.png', '.gif', '.jpg', '.mp4', '.npy', '.npz')


def _text_files():
    for folder in ('docs', 'configs'):
        for path in sorted((REPO / folder).rglob('*')):
            if path.is_file() and path.suffix not in BINARY:
                yield path


def test_there_are_files_to_check():
    assert sum(1 for _ in _text_files()) > 200


@pytest.mark.parametrize('path', list(_text_files()), ids=lambda p: str(p.relative_to(REPO)))
def test_no_path_of_the_machine_that_made_it(path):
    hits = [f'line {i}: {line.strip()[:120]}'
            for i, line in enumerate(path.read_text(encoding='utf-8', errors='replace')
                                     .splitlines(), 1) if MACHINE_PATH.search(line)]
    assert not hits, hits

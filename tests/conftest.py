"""Shared fixtures: the real data in ../shared, skipped with a reason where it is absent."""
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get('STGCN_KIT_SHARED', REPO.parent / 'shared'))


def _shared_dir(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f'{path} is absent: real data lives in ../shared beside the clone (CI has it)')
    return path


@pytest.fixture(scope='session')
def shared_data() -> Path:
    return _shared_dir('data')


@pytest.fixture(scope='session')
def reference_dir() -> Path:
    return _shared_dir('reference')

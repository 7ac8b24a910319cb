"""Where the shipped folders are found: an installed package's copy first, else the
checkout's, else one error naming both places."""
from pathlib import Path

import pytest

from stgcn_kit.utils import package_files
from stgcn_kit.utils.package_files import shipped_dir

REPO = Path(__file__).resolve().parents[2]


def test_a_checkout_reads_its_own_folders():
    assert shipped_dir('configs') == REPO / 'configs'
    assert shipped_dir('tools') == REPO / 'tools'


def test_an_installed_copy_comes_first(tmp_path, monkeypatch):
    package = tmp_path / 'site-packages' / 'stgcn_kit'
    (package / '.mim' / 'configs').mkdir(parents=True)
    (tmp_path / 'site-packages' / 'configs').mkdir()  # another project's folder beside it
    monkeypatch.setattr(package_files, 'PACKAGE', package)
    assert shipped_dir('configs') == package / '.mim' / 'configs'
    with pytest.raises(FileNotFoundError, match=r'no tools/ folder in .*\.mim .*reinstall'):
        shipped_dir('tools')
    with pytest.raises(ValueError, match="'data' is not shipped"):
        shipped_dir('data')

"""Where the files the package ships beside its code live: the kit's ``configs/`` (the bases a
written config merges, the recipe cards) and ``tools/``.

A checkout (or an editable install) reads them at the repository root, their one source; an
installed wheel carries a copy in ``stgcn_kit/.mim/`` (``setup.py`` fills it at build time, as
mmaction2 does), so the own-data path works from any folder without a checkout.
"""
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
SHIPPED = ('configs', 'tools')


def shipped_dir(name: str) -> Path:
    """The folder ``name`` (one of :data:`SHIPPED`): the installed copy in ``stgcn_kit/.mim``
    when there is one, else the repository's; ``FileNotFoundError`` naming both places when
    neither exists."""
    if name not in SHIPPED:
        raise ValueError(f'{name!r} is not shipped with the package (only {SHIPPED})')
    for folder in (PACKAGE / '.mim' / name, PACKAGE.parent / name):
        if folder.is_dir():
            return folder
    raise FileNotFoundError(f'no {name}/ folder in {PACKAGE / ".mim"} (an installed package) '
                            f'nor in {PACKAGE.parent} (a checkout): reinstall stgcn_kit')

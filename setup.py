"""Install script.

mmcv's transforms live in both ``mmcv`` (full, compiled ops) and ``mmcv-lite`` (pure Python);
the skeleton models need no compiled op, so ``mmcv-lite`` is required only when no mmcv 2.x is
installed already, and a user's full mmcv is left alone.

The kit's ``configs/`` and ``tools/`` stay at the repository root, their one source; a built
package carries a copy of both in ``stgcn_kit/.mim/`` (as mmaction2 ships its own), which
``stgcn_kit.utils.package_files`` finds, so the own-data path and ``stgcn-kit TOOL`` work
from an installed wheel. An editable install reads them in the checkout instead.
"""
import os
import shutil
from importlib.metadata import PackageNotFoundError, version

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

SHIPPED = ('configs', 'tools')


def read_requirements(path: str) -> list:
    with open(path) as f:
        return [ln.split('#')[0].strip() for ln in f if ln.split('#')[0].strip()]


def mmcv_requirement() -> str:
    try:
        if version('mmcv').startswith('2.'):
            return 'mmcv>=2.0,<2.3'
    except PackageNotFoundError:
        pass
    return 'mmcv-lite>=2.0,<2.3'


class BuildWithShippedFiles(build_py):
    """``build_py`` that also copies :data:`SHIPPED` into ``stgcn_kit/.mim`` of the build."""

    def run(self) -> None:
        super().run()
        if getattr(self, 'editable_mode', False):
            return
        here = os.path.dirname(os.path.abspath(__file__))
        for name in SHIPPED:
            target = os.path.join(self.build_lib, 'stgcn_kit', '.mim', name)
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(os.path.join(here, name), target,
                            ignore=shutil.ignore_patterns('__pycache__', '*.pyc'))


setup(
    name='stgcn_kit',
    version='0.1.0',
    packages=find_packages(include=['stgcn_kit', 'stgcn_kit.*']),
    cmdclass={'build_py': BuildWithShippedFiles},
    entry_points={'console_scripts': ['stgcn-kit = stgcn_kit.run_tool:main']},
    install_requires=read_requirements('requirements/runtime.txt') + [mmcv_requirement()],
    extras_require={
        'tests': read_requirements('requirements/tests.txt'),
        'mediapipe': read_requirements('requirements/optional.txt'),
        'tensorboard': ['tensorboard'],  # TensorboardVisBackend (docs/custom_dataset.md)
    },
)

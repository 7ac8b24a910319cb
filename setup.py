"""Install script.

mmcv's transforms live in both ``mmcv`` (full, compiled ops) and ``mmcv-lite`` (pure Python);
the skeleton models need no compiled op, so ``mmcv-lite`` is required only when no mmcv 2.x is
installed already, and a user's full mmcv is left alone.
"""
from importlib.metadata import PackageNotFoundError, version

from setuptools import find_packages, setup


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


setup(
    name='stgcn_kit',
    version='0.1.0',
    packages=find_packages(include=['stgcn_kit', 'stgcn_kit.*']),
    install_requires=read_requirements('requirements/runtime.txt') + [mmcv_requirement()],
    extras_require={
        'tests': read_requirements('requirements/tests.txt'),
        'mediapipe': read_requirements('requirements/optional.txt'),
        'tensorboard': ['tensorboard'],  # TensorboardVisBackend (docs/custom_dataset.md)
    },
)

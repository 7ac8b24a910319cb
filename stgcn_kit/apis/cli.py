"""Command-line options that ``tools/train.py`` and ``tools/test.py`` share, the
``--trust-pickle`` opt-in of every tool that reads pickles or checkpoints, and the one place
where every tool turns the project's errors into a message and an exit status."""
import argparse
import functools
import os
import sys
import sysconfig
import traceback
from typing import Any, Callable, TypeVar

from mmengine.config import Config, DictAction

from stgcn_kit.engine.config_check import warn_unknown_keys
from stgcn_kit.errors import ConfigError, StgcnKitError
from stgcn_kit.utils.config import check_retired_keys, find_seed, read_config
from stgcn_kit.utils.package_files import shipped_dir

T = TypeVar('T')

DEBUG_ENV = 'STGCN_KIT_DEBUG'
# characters of an error line: a message quoting a crafted or corrupt file stays readable
MAX_ERROR_LINE = 2000


def add_config_and_launcher_arguments(parser: argparse.ArgumentParser,
                                      cfg_example: str) -> None:
    """``--cfg-options`` (``cfg_example`` shows one) and the launcher options torchrun uses."""
    parser.add_argument('--cfg-options', nargs='+', action=DictAction, default={},
                        help=f'override config entries, e.g. {cfg_example}')
    parser.add_argument('--launcher', choices=['none', 'pytorch', 'slurm', 'mpi'],
                        default='none', help='job launcher (pytorch = torchrun)')
    parser.add_argument('--local-rank', '--local_rank', type=int, default=0,
                        help=argparse.SUPPRESS)  # passed by torch.distributed.launch
    add_trust_argument(parser)


def add_trust_argument(parser: argparse.ArgumentParser) -> None:
    """``--trust-pickle``: without it pickles and checkpoints load as plain data only."""
    parser.add_argument('--trust-pickle', action='store_true',
                        help='unpickle the given pickles/checkpoints fully, which lets them run '
                        'code: only for files whose origin you trust (by default they may hold '
                        'only plain data, numpy arrays and tensors)')


def trust_pickles(cfg: Any) -> None:
    """Trust every checkpoint the runner loads (``cfg.trust_pickle``), every dataset's
    ``ann_file`` and every ``Pretrained`` init_cfg's checkpoint (``trust_pickle=True`` beside
    it), in place."""
    def mark(node: Any) -> None:
        if isinstance(node, dict):
            if 'ann_file' in node or node.get('type') == 'Pretrained':
                node['trust_pickle'] = True
            for value in node.values():
                mark(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                mark(value)

    cfg.trust_pickle = True
    mark(dict(cfg.items()))  # a Config is no dict; its values are the live sections


def _where_it_failed(err: BaseException, path: str) -> str:
    """``path`` and the line of it that raised ``err``, or where the deepest frame of the
    traceback outside the interpreter's, the installed packages' and this package's code
    lies (a base config's line, a module it imports)."""
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    skipped = {package} | {os.path.realpath(sysconfig.get_paths()[key])
                           for key in ('stdlib', 'platstdlib', 'purelib', 'platlib')}
    for frame in reversed(traceback.extract_tb(err.__traceback__)):
        real = os.path.realpath(frame.filename)
        if os.path.isfile(real) and not any(real.startswith(p + os.sep) for p in skipped):
            if real == os.path.realpath(path):
                return f'{path}, line {frame.lineno}'
            return f'{path}: {frame.filename}, line {frame.lineno}'
    return path


def _build_lazy_imports(node: Any) -> None:
    # a config with import lines is read in mmengine's lazy-import style: its modules are
    # imported when a value is first read, which is here rather than deep in a run
    if isinstance(node, (dict, Config)):
        for key in list(node.keys()):
            _build_lazy_imports(node[key])
    elif isinstance(node, (list, tuple)):
        for value in node:
            _build_lazy_imports(value)


def resolve_config_path(path: str) -> str:
    """``path`` when it is a file; for a seed's config name (PYSKL's, mmaction2's, the original
    ST-GCN's ``train.yaml`` / ``test.yaml``: :func:`~stgcn_kit.utils.config.find_seed`) our
    config for it, said on one line ``config <given> maps to <ours>``; otherwise ``path``
    unchanged, which reading then refuses as no such file."""
    if os.path.isfile(path):
        return path
    card = find_seed(path)
    if card is None:
        return path
    print(f'config {path} maps to {card["Config"]}', flush=True)
    return str(shipped_dir('configs').parent / card['Config'])


def read_config_file(path: str) -> Config:
    """The config file ``path`` (or ours for a seed's config name, :func:`resolve_config_path`)
    read (and run) as ``read_config`` does; any failure is a one-line
    :class:`~stgcn_kit.errors.ConfigError` naming the file and, for a syntax error or an
    exception the config raises (a failing import included), the line."""
    path = resolve_config_path(path)
    try:
        cfg = read_config(path)
        _build_lazy_imports(cfg)
    except StgcnKitError:
        raise
    except FileNotFoundError as err:  # no such file (a seed's name was resolved above)
        raise ConfigError(str(err)) from None
    except SyntaxError as err:  # mmengine parses the text, so the error names no file
        raise ConfigError(f'{path}, line {err.lineno}: syntax error ({err.msg})') from None
    except UnicodeDecodeError as err:
        raise ConfigError(f'{path}: not UTF-8 text (byte {err.start}: {err.reason})') from None
    except Exception as err:  # noqa: BLE001 - a config is code and can raise anything
        raise ConfigError(f'{_where_it_failed(err, path)}: {type(err).__name__}: {err}') \
            from None
    return cfg


def load_config(args: argparse.Namespace) -> Config:
    """The config file ``args.config`` (:func:`read_config_file`) with ``args.cfg_options``
    merged in, everything it loads trusted with ``--trust-pickle``; retired top-level keys are
    refused (:func:`~stgcn_kit.utils.config.check_retired_keys`), and top-level keys that look
    like misspelled runner keys are warned about."""
    cfg = read_config_file(args.config)
    cfg.merge_from_dict(args.cfg_options)
    check_retired_keys(cfg)
    warn_unknown_keys(cfg)
    if args.trust_pickle:
        trust_pickles(cfg)
    return cfg


def _one_line(err: BaseException) -> str:
    if isinstance(err, OSError) and err.filename is not None and err.strerror:
        line = f'{err.filename}: {err.strerror}'
    else:
        line = ' '.join(str(err).split()) or type(err).__name__
    if len(line) > MAX_ERROR_LINE:
        line = f'{line[:MAX_ERROR_LINE]}... ({len(line) - MAX_ERROR_LINE} more characters)'
    return line


def report_errors(main: Callable[..., T]) -> Callable[..., T]:
    """Decorate a tool's ``main``: the project's errors (and the ``ValueError``, ``OSError`` and
    ``ImportError`` that library code raises for bad input, unusable paths and missing optional
    packages) end the process with ``error: ...`` on one line and exit status 1 instead of a
    traceback.

    ``--debug`` anywhere on the command line (removed before the tool parses it) or the
    environment variable ``STGCN_KIT_DEBUG=1`` lets the exception through with its traceback.
    """
    @functools.wraps(main)
    def wrapper(*args, **kwargs) -> T:
        debug = os.environ.get(DEBUG_ENV, '') not in ('', '0')
        if '--debug' in sys.argv[1:]:
            sys.argv = [a for i, a in enumerate(sys.argv) if i == 0 or a != '--debug']
            debug = True
        try:
            return main(*args, **kwargs)
        except (StgcnKitError, ValueError, OSError, ImportError) as err:
            if debug:
                raise
            raise SystemExit(f'error: {_one_line(err)}') from None

    return wrapper

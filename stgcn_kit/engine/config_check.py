"""Config mistakes reported as :class:`~stgcn_kit.errors.ConfigError` naming the config file:
top-level keys that look like misspelled runner keys, and the registry and keyword errors
mmengine raises while building what a config describes."""
import contextlib
import difflib
import inspect
import logging
import re
from typing import Iterator, List, Optional

from mmengine.config import Config
from mmengine.logging import print_log
from mmengine.registry import Registry
from mmengine.runner import Runner

from stgcn_kit import registry as project_registries
from stgcn_kit.errors import ConfigError

# top-level keys the runner (mmengine's and PortableRunner) reads besides its constructor's
RUNNER_KEYS = frozenset(inspect.signature(Runner.__init__).parameters) - {'self', 'cfg'} | {
    'runner_type', 'model_wrapper_cfg', 'sync_bn', 'find_unused_parameters', 'compile',
    'activation_checkpointing', 'efficient_conv_bn_eval', 'gpu_ids', 'label_map', 'trust_pickle',
    'auto_resume', 'start_over'}

_UNKNOWN_TYPE = re.compile(r'^(\S+) is not in the (?:(\S+)::)?(.+?) registry')
_BAD_SIGNATURE = re.compile(r'(\w+)\.__init__\(\) (got an unexpected keyword argument .*|'
                            r'missing \d+ required .*)')


def misspelled_keys(cfg: Config) -> List[tuple]:
    """``(key, closest runner key)`` for top-level keys that are no runner key but close to one
    (other unknown keys are the config's own variables, e.g. ``ann_file``)."""
    found = []
    for key in cfg.keys():
        if key in RUNNER_KEYS or key.startswith('_'):
            continue
        close = difflib.get_close_matches(key, RUNNER_KEYS, n=1, cutoff=0.8)
        if close:
            found.append((key, close[0]))
    return found


def warn_unknown_keys(cfg: Config) -> None:
    """Warn (mmengine's current logger) about each key of :func:`misspelled_keys`: the runner
    ignores it."""
    for key, close in misspelled_keys(cfg):
        print_log(f'{cfg.filename}: unknown top-level key {key!r} is ignored; did you mean '
                  f'{close!r}?', logger='current', level=logging.WARNING)


def _registry_named(name: str) -> Optional[Registry]:
    for value in vars(project_registries).values():
        if isinstance(value, Registry) and value.name == name and value.scope == \
                project_registries.SCOPE:
            return value
    return None


def _registered_names(registry: Registry) -> List[str]:
    names = set()
    while registry is not None:
        names.update(registry.module_dict)
        registry = registry.parent
    return sorted(names)


def explain_build_error(err: BaseException, source: str) -> Optional[ConfigError]:
    """The :class:`ConfigError` for a registry lookup (``KeyError``) or constructor keyword
    (``TypeError``) failure that mmengine raised while building from a config, or ``None`` for
    any other error."""
    message = err.args[0] if err.args and isinstance(err.args[0], str) else ''
    if isinstance(err, KeyError) and (match := _UNKNOWN_TYPE.match(message)):
        name, registry_name = match.group(1), match.group(3)
        registry = _registry_named(registry_name)
        if registry is not None:
            registry.import_from_location()
        close = difflib.get_close_matches(name, _registered_names(registry), n=1) \
            if registry is not None else []
        hint = f'; did you mean {close[0]!r}?' if close else ''
        return ConfigError(f'{source}: unknown type {name!r} (no {registry_name} of that name '
                           f'is registered){hint}')
    if isinstance(err, TypeError) and (match := _BAD_SIGNATURE.search(message)):
        return ConfigError(f'{source}: {match.group(1)} {match.group(2)}')
    return None


@contextlib.contextmanager
def config_errors(cfg: Config) -> Iterator[None]:
    """Turn the registry and keyword errors of building ``cfg``'s parts into
    :class:`ConfigError` naming ``cfg.filename``; other errors pass unchanged."""
    try:
        yield
    except (KeyError, TypeError) as err:
        explained = explain_build_error(err, cfg.filename or 'config')
        if explained is None:
            raise
        raise explained from err

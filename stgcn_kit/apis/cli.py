"""Command-line options that ``tools/train.py`` and ``tools/test.py`` share, and the
``--trust-pickle`` opt-in of every tool that reads pickles or checkpoints."""
import argparse
from typing import Any

from mmengine.config import Config, DictAction


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
    """Trust every checkpoint the runner loads (``cfg.trust_pickle``) and every dataset's
    ``ann_file`` (``trust_pickle=True`` beside it), in place."""
    def mark(node: Any) -> None:
        if isinstance(node, dict):
            if 'ann_file' in node:
                node['trust_pickle'] = True
            for value in node.values():
                mark(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                mark(value)

    cfg.trust_pickle = True
    mark(dict(cfg.items()))  # a Config is no dict; its values are the live sections


def load_config(args: argparse.Namespace) -> Config:
    """The config file ``args.config`` with ``args.cfg_options`` merged in, everything it
    loads trusted with ``--trust-pickle``."""
    cfg = Config.fromfile(args.config)
    cfg.merge_from_dict(args.cfg_options)
    if args.trust_pickle:
        trust_pickles(cfg)
    return cfg

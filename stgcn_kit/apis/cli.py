"""Command-line options that ``tools/train.py`` and ``tools/test.py`` share."""
import argparse

from mmengine.config import Config, DictAction

from stgcn_kit.utils.config import apply_layout_and_feats, read_config


def add_config_and_launcher_arguments(parser: argparse.ArgumentParser,
                                      cfg_example: str) -> None:
    """``--cfg-options`` (``cfg_example`` shows one) and the launcher options torchrun uses."""
    parser.add_argument('--cfg-options', nargs='+', action=DictAction, default={},
                        help=f'override config entries, e.g. {cfg_example}')
    parser.add_argument('--launcher', choices=['none', 'pytorch', 'slurm', 'mpi'],
                        default='none', help='job launcher (pytorch = torchrun)')
    parser.add_argument('--local-rank', '--local_rank', type=int, default=0,
                        help=argparse.SUPPRESS)  # passed by torch.distributed.launch


def load_config(args: argparse.Namespace) -> Config:
    """The config file ``args.config`` with ``args.cfg_options`` merged in."""
    try:
        cfg = read_config(args.config)
    except FileNotFoundError as err:  # a seed's config name: the message names ours
        raise SystemExit(f'error: {err}') from None
    cfg.merge_from_dict(args.cfg_options)
    return apply_layout_and_feats(cfg)  # --cfg-options may set layout or feats

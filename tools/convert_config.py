"""Turn a PYSKL or mmaction2 0.x skeleton config (mmcv 1 style: data=dict(videos_per_gpu=...,
train=...), optimizer, lr_config, total_epochs) into a config of this toolbox:

    python tools/convert_config.py pyskl/configs/stgcn/stgcn_pyskl_ntu60_xsub_3dkp/j.py \\
        my_configs/stgcn_ntu60_xsub_j.py [--check]

--check builds the converted model and every pipeline step (no data needed).
"""
import argparse

from mmengine.config import Config

from stgcn_kit.apis.cli import report_errors
from stgcn_kit.apis.data_config import write_config
from stgcn_kit.apis.legacy_config import convert_legacy_config
from stgcn_kit.registry import MODELS, TRANSFORMS
from stgcn_kit.utils.config_writer import literal


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('src', help='PYSKL / mmaction2 0.x config (.py)')
    parser.add_argument('dst', help='converted config to write (.py)')
    parser.add_argument('--check', action='store_true',
                        help='build the model and every pipeline step of the result')
    return parser.parse_args()


def check_builds(cfg: Config) -> None:
    """Build ``cfg.model`` and every transform of every loader's (innermost) dataset."""
    import stgcn_kit.datasets  # noqa: F401  registers the transforms
    import stgcn_kit.models  # noqa: F401  registers the models
    MODELS.build(cfg.model)
    for name in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        dataset = (cfg.get(name) or {}).get('dataset')
        while dataset is not None and 'dataset' in dataset:
            dataset = dataset['dataset']
        for step in (dataset or {}).get('pipeline', []):
            TRANSFORMS.build(step)


def convert_file(src: str, dst: str, check: bool = False) -> Config:
    try:
        old = Config.fromfile(src)
    except Exception as err:  # a config is Python: any error of the file is its reader's
        raise ValueError(f'{src}: cannot read the config ({type(err).__name__}: {err})') from None
    cfg = convert_legacy_config(old, src)
    if check:
        try:
            check_builds(cfg)
        except (ValueError, TypeError, KeyError) as err:
            raise ValueError(f'{src}: the converted config does not build: {err}') from None
    write_config(cfg, dst, [f'# Converted from {literal(src)} by tools/convert_config.py'])
    return cfg


@report_errors
def main() -> None:
    args = parse_args()
    try:
        convert_file(args.src, args.dst, args.check)
    except ValueError as err:
        raise SystemExit(f'error: {err}') from None
    print(f'wrote {args.dst}' + (' (model and pipelines build)' if args.check else ''))


if __name__ == '__main__':
    main()

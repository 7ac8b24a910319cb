"""FLOPs and parameters of a config's model for one clip of its test pipeline (mmengine's
counter: one multiply-add counts as one FLOP, as mmaction2 and PYSKL report them).

    python tools/analysis/get_flops.py configs/stgcn/stgcn_nwucla/j.py [--shape M T V C]
"""
import argparse
from typing import Sequence, Tuple

import torch
from mmengine.analysis import get_model_complexity_info
from mmengine.config import Config

from stgcn_kit.apis.cli import read_config_file, report_errors
from stgcn_kit.datasets.dataset_cfg import innermost_dataset_cfg
from stgcn_kit.registry import MODELS
from stgcn_kit.skeleton import get_layout


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('config')
    parser.add_argument('--shape', type=int, nargs=4, metavar=('M', 'T', 'V', 'C'),
                        help='input (persons, frames, joints, channels) of one clip '
                        '(default: read from the config)')
    return parser.parse_args()


def clip_shape(cfg: Config) -> Tuple[int, int, int, int]:
    """``(M, T, V, C)`` of one test clip: persons and frames from the test pipeline
    (``FormatGCNInput``, ``UniformSampleFrames``/``PadTo``), joints from the backbone's layout,
    channels from its ``in_channels``."""
    backbone = cfg.model.backbone
    persons, frames = backbone.get('num_person', 2), None
    for step in innermost_dataset_cfg(cfg.test_dataloader.dataset).pipeline:
        if step['type'] == 'FormatGCNInput':
            persons = step.get('num_person', 2)
        elif step['type'] in ('UniformSampleFrames', 'UniformSample'):
            frames = step['clip_len']
        elif step['type'] == 'PadTo':
            frames = step['length']
    if frames is None:
        raise ValueError(f'{cfg.filename}: no UniformSampleFrames or PadTo in the test pipeline; '
                         f'give --shape')
    joints = get_layout(backbone.graph_cfg['layout']).num_node
    return persons, frames, joints, backbone.get('in_channels', 3)


def complexity(cfg: Config, shape: Sequence[int]) -> Tuple[int, int]:
    """``(flops, params)`` of ``cfg.model`` on one ``(1, M, T, V, C)`` clip."""
    import stgcn_kit.models  # noqa: F401  registers the models
    model = MODELS.build(cfg.model).eval()
    with torch.no_grad():
        info = get_model_complexity_info(model, inputs=(torch.zeros(1, *shape), ),
                                         show_table=False, show_arch=False)
    return int(info['flops']), int(info['params'])


@report_errors
def main() -> None:
    args = parse_args()
    cfg = read_config_file(args.config)
    try:
        shape = tuple(args.shape) if args.shape else clip_shape(cfg)
    except ValueError as err:
        raise SystemExit(f'error: {err}') from None
    flops, params = complexity(cfg, shape)
    print(f'input (1, M, T, V, C) = (1, {", ".join(map(str, shape))})')
    print(f'FLOPs: {flops / 1e9:.3f} G (multiply-adds)')
    print(f'params: {params / 1e6:.3f} M')


if __name__ == '__main__':
    main()

"""Draw the PoseC3D heatmap volume of one sample: a config's test pipeline up to and with
GeneratePoseTarget, for one clip and without its mirrored copy, shown as a grid of frames,
each the maximum over the keypoint or limb channels.

    python tools/analysis/vis_heatmap.py configs/posec3d/x3d_shallow_nwucla/limb.py \\
        --ann-file data/nw-ucla/nw-ucla.pkl --sample a01_s01_e00_v01 --out limb.png
"""
import argparse
import sys

import numpy as np
from mmengine.registry import init_default_scope
from PIL import Image

from stgcn_kit.apis.cli import add_trust_argument, read_config_file, report_errors
from stgcn_kit.registry import TRANSFORMS
from stgcn_kit.utils import atomic_open, load_pickle


def heatmap_grid(volume: np.ndarray, columns: int, scale: int) -> np.ndarray:
    """``(T, K, H, W)`` -> a uint8 ``(rows * H * scale, columns * W * scale)`` grid of the
    per-frame channel maxima, frame 0 top left, white lines between frames."""
    frames = volume.max(1)
    t, h, w = frames.shape
    rows = -(-t // columns)
    grid = np.full((rows * (h + 1) - 1, columns * (w + 1) - 1), 255, np.uint8)
    for i, frame in enumerate(frames):
        r, c = divmod(i, columns)
        grid[r * (h + 1):r * (h + 1) + h, c * (w + 1):c * (w + 1) + w] = np.clip(
            frame * 255, 0, 255).astype(np.uint8)
    return grid.repeat(scale, 0).repeat(scale, 1)


@report_errors
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('config', help='a PoseC3D config (its test pipeline is used)')
    parser.add_argument('--ann-file', required=True, help='the annotation pickle')
    parser.add_argument('--sample', required=True, help='frame_dir of the sample')
    parser.add_argument('--out', required=True, help='picture to write (.png)')
    parser.add_argument('--columns', type=int, default=8, help='frames per row')
    parser.add_argument('--scale', type=int, default=4, help='pixels per heatmap pixel')
    add_trust_argument(parser)
    args = parser.parse_args()
    try:
        cfg = read_config_file(args.config)
        init_default_scope(cfg.get('default_scope', 'stgcn_kit'))
        data = load_pickle(args.ann_file, args.trust_pickle)
        records = data['annotations'] if isinstance(data, dict) else data
        record = next((r for r in records if r['frame_dir'] == args.sample), None)
        if record is None:
            raise ValueError(f'{args.ann_file}: no sample {args.sample!r}')
        results = dict(record, test_mode=True)
        for step in cfg.test_dataloader.dataset.pipeline:
            step = dict(step)
            if step['type'] == 'GeneratePoseTarget':
                step['double'] = False
            if step['type'] == 'UniformSampleFrames':
                step['num_clips'] = 1
            results = TRANSFORMS.build(step)(results)
            if step['type'] == 'GeneratePoseTarget':
                break
        else:
            raise ValueError(f'{args.config}: the test pipeline has no GeneratePoseTarget')
        volume = results['imgs']
        with atomic_open(args.out, 'wb') as f:
            Image.fromarray(heatmap_grid(volume, args.columns, args.scale)).save(f, format='PNG')
    except (ValueError, KeyError, OSError) as err:
        sys.exit(f'error: {err}')
    print(f'{args.sample}: {volume.shape[0]} frames x {volume.shape[1]} channels of '
          f'{volume.shape[2]} x {volume.shape[3]} -> {args.out}')


if __name__ == '__main__':
    main()

"""vis_heatmap on real NW-UCLA skeletons through a PoseC3D config's test pipeline."""
import numpy as np
from inference_helpers import run_script
from PIL import Image

TOOL = 'tools/analysis/vis_heatmap.py'
CONFIG = 'configs/posec3d/x3d_shallow_nwucla_cpu/limb.py'


def test_grid_of_limb_heatmaps(tiny_nwucla, tmp_path, capsys):
    from stgcn_kit.utils import load_pickle
    name = load_pickle(tiny_nwucla)['annotations'][0]['frame_dir']
    out = tmp_path / 'limb.png'
    assert run_script(TOOL, CONFIG, '--ann-file', tiny_nwucla, '--sample', name, '--out', out,
                      '--columns', 4, '--scale', 2) == 0
    assert '16 frames x 19 channels of 36 x 36' in capsys.readouterr().out
    with Image.open(out) as picture:
        grid = np.asarray(picture)
    # 16 frames in 4 x 4 cells of 36 pixels with 1-pixel white lines, doubled
    assert grid.shape == (2 * (4 * 37 - 1), 2 * (4 * 37 - 1))
    cells = [grid[2 * r * 37:2 * r * 37 + 72, 2 * c * 37:2 * c * 37 + 72]
             for r in range(4) for c in range(4)]
    assert all(cell.max() > 128 for cell in cells)       # every frame draws its limbs
    assert all(np.mean(cell == 0) > 0.5 for cell in cells)  # and is mostly background


def test_unknown_sample_is_a_clear_error(tiny_nwucla, tmp_path, capsys):
    assert run_script(TOOL, CONFIG, '--ann-file', tiny_nwucla, '--sample', 'nope',
                      '--out', tmp_path / 'x.png') == 1
    assert "no sample 'nope'" in capsys.readouterr().err

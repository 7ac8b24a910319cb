"""Rendering a skeleton sequence on its own (no video) with matplotlib: 2D in image
coordinates, 3D with the vertical axis up."""
from typing import Iterator, Optional, Union

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from stgcn_kit.skeleton import Layout, get_layout

PERSON_COLORS = ('tab:blue', 'tab:orange', 'tab:green', 'tab:red', 'tab:purple', 'tab:brown')


def _cube_limits(points: np.ndarray, margin: float = 0.05) -> list:
    """``(low, high)`` per column of ``points`` ``(N, C)``, all of one span so that the
    skeleton keeps its proportions."""
    low, high = points.min(0), points.max(0)
    half = max(float((high - low).max()), 1e-3) * (0.5 + margin)
    return [(float(c) - half, float(c) + half) for c in (low + high) / 2]


def render_skeleton_frames(keypoint: np.ndarray, layout: Union[str, dict, Layout],
                           scores: Optional[np.ndarray] = None, title: str = '',
                           score_thr: float = 0.2, size: float = 5.0,
                           dpi: int = 80) -> Iterator[np.ndarray]:
    """Yield one RGB uint8 image ``(H, W, 3)`` per frame of ``keypoint`` ``(M, T, V, C)``.

    ``C == 2`` is drawn in image coordinates (y down); ``C == 3`` in 3D with ``(x, z, y)`` on
    the plot's axes so that the skeleton's y (up, as in Kinect data) is vertical. Absent people
    (all-zero joints) and joints scoring below ``score_thr`` are hidden. The axes keep one
    range over the whole sequence so that motion is visible.
    """
    layout = get_layout(layout)
    keypoint = np.asarray(keypoint, np.float32)  # 3D datasets may store float16
    m, t, v, c = keypoint.shape
    if c not in (2, 3) or v != layout.num_node:
        raise ValueError(f'keypoint shape {keypoint.shape}: expected (M, T, {layout.num_node}, '
                         f'2 or 3) for this layout')
    present = ~np.all(keypoint == 0, axis=-1)
    if scores is not None:
        present &= scores >= score_thr
    if not present.any():
        raise ValueError('every joint of the sequence is absent (all zero or below score_thr)')
    axes_order = [0, 1] if c == 2 else [0, 2, 1]
    shown = keypoint[present][:, axes_order]
    fig = Figure(figsize=(size, size), dpi=dpi)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot(projection='3d' if c == 3 else None)
    limits = _cube_limits(shown)
    ax.set_xlim(*limits[0])
    ax.set_ylim(*(limits[1][::-1] if c == 2 else limits[1]))
    if c == 3:
        ax.set_zlim(*limits[2])
        ax.set_xlabel('x'), ax.set_ylabel('z (depth)'), ax.set_zlabel('y')
    else:
        ax.set_aspect('equal')
    lines = [[ax.plot(*([[]] * c), color=PERSON_COLORS[p % len(PERSON_COLORS)], lw=2)[0]
              for _ in layout.inward] for p in range(m)]
    for frame in range(t):
        for p in range(m):
            for line, (i, j) in zip(lines[p], layout.inward):
                ends = keypoint[p, frame, [i, j]][:, axes_order]
                if not (present[p, frame, i] and present[p, frame, j]):
                    ends = np.full_like(ends, np.nan)
                if c == 3:
                    line.set_data_3d(ends[:, 0], ends[:, 1], ends[:, 2])
                else:
                    line.set_data(ends[:, 0], ends[:, 1])
        ax.set_title(f'{title}  frame {frame + 1}/{t}'.strip())
        canvas.draw()
        yield np.asarray(canvas.buffer_rgba())[..., :3].copy()

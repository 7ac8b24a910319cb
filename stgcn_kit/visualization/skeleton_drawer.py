"""Drawing skeletons, joint responses and text on video frames (OpenCV, RGB uint8)."""
from typing import Optional, Sequence, Tuple, Union

import cv2
import numpy as np

from stgcn_kit.skeleton import Layout, get_layout

# one colour per person (RGB), repeated beyond six people
PERSON_COLORS = ((0, 200, 255), (255, 120, 0), (80, 220, 80), (230, 60, 200), (255, 230, 0),
                 (160, 160, 255))


def response_colors(values: np.ndarray) -> np.ndarray:
    """``(...,)`` values in ``[0, 1]`` -> ``(..., 3)`` RGB uint8 on the JET colour map (blue low,
    red high)."""
    grey = np.clip(np.asarray(values, np.float64) * 255, 0, 255).astype(np.uint8)
    bgr = cv2.applyColorMap(grey.reshape(-1, 1), cv2.COLORMAP_JET).reshape(grey.shape + (3,))
    return bgr[..., ::-1]


def draw_skeleton(frame: np.ndarray, points: np.ndarray, layout: Union[str, dict, Layout],
                  scores: Optional[np.ndarray] = None, response: Optional[np.ndarray] = None,
                  score_thr: float = 0.2) -> np.ndarray:
    """Draw people's bones and joints on a copy of ``frame``.

    Args:
        frame: ``(H, W, 3)`` RGB uint8.
        points: ``(M, V, 2)`` pixel positions of ``M`` people.
        layout: the skeleton layout whose edges are drawn.
        scores: ``(M, V)`` confidences; joints below ``score_thr`` (and people whose joints are
            all at the origin, i.e. padding) are not drawn.
        response: ``(M, V)`` joint responses in ``[0, 1]``, drawn as discs whose size and
            colour grow with the response.

    Returns:
        the drawn ``(H, W, 3)`` frame.
    """
    layout = get_layout(layout)
    canvas = np.ascontiguousarray(frame).copy()
    size = max(canvas.shape[:2])
    thickness, radius = max(1, size // 300), max(2, size // 160)
    for m, person in enumerate(points):
        visible = ~np.all(person == 0, axis=-1)
        if scores is not None:
            visible &= scores[m] >= score_thr
        if not visible.any():
            continue
        color = PERSON_COLORS[m % len(PERSON_COLORS)]
        xy = np.round(person).astype(int)
        for i, j in layout.inward:
            if visible[i] and visible[j]:
                cv2.line(canvas, tuple(xy[i]), tuple(xy[j]), color, thickness, cv2.LINE_AA)
        if response is not None:
            colors = response_colors(response[m])
            for v in np.flatnonzero(visible):
                disc = int(radius * (1 + 2 * float(response[m, v])))
                cv2.circle(canvas, tuple(xy[v]), disc, tuple(int(c) for c in colors[v]), -1,
                           cv2.LINE_AA)
        for v in np.flatnonzero(visible):
            cv2.circle(canvas, tuple(xy[v]), radius, color, -1, cv2.LINE_AA)
    return canvas


def draw_text_lines(frame: np.ndarray, lines: Sequence[str],
                    origin: Tuple[int, int] = (8, 8)) -> np.ndarray:
    """Write ``lines`` top-down from ``origin`` on a copy of ``frame``, white on a dark box so
    that they read on any background. The font scales with the frame height."""
    canvas = np.ascontiguousarray(frame).copy()
    scale = max(0.4, canvas.shape[0] / 600)
    thickness = max(1, int(round(scale * 1.5)))
    x, y = origin
    for line in lines:
        (w, h), base = cv2.getTextSize(line, cv2.FONT_HERSHEY_SIMPLEX, scale, thickness)
        cv2.rectangle(canvas, (x - 2, y - 2), (x + w + 2, y + h + base + 2), (0, 0, 0), -1)
        cv2.putText(canvas, line, (x, y + h), cv2.FONT_HERSHEY_SIMPLEX, scale, (255, 255, 255),
                    thickness, cv2.LINE_AA)
        y += h + base + 6
    return canvas

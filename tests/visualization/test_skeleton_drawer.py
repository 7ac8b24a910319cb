"""Skeleton drawing checked pixel by pixel on a black frame."""
import numpy as np

from stgcn_kit.visualization import draw_skeleton, draw_text_lines, response_colors
from stgcn_kit.visualization.skeleton_drawer import PERSON_COLORS

# two joints joined by one edge
LAYOUT = dict(num_node=3, inward=[(1, 0)], center=0)


def _frame():
    return np.zeros((300, 300, 3), np.uint8)


def _near(image, y, x, color, tol=40):
    """Anti-aliased lines spread over a few pixels: the brightest of a 5x5 window is close to
    ``color``."""
    window = image[y - 2:y + 3, x - 2:x + 3].reshape(-1, 3).astype(int)
    return np.abs(window.max(0) - color).max() <= tol


def test_bone_and_joints_in_the_person_colour_and_nothing_else():
    frame = _frame()
    points = np.array([[[50, 150], [250, 150], [150, 40]]], np.float32)
    scores = np.array([[1.0, 1.0, 0.05]])  # the third joint is below the threshold
    drawn = draw_skeleton(frame, points, LAYOUT, scores)
    assert _near(drawn, 150, 150, PERSON_COLORS[0])  # middle of the bone
    assert tuple(drawn[150, 50]) == PERSON_COLORS[0]  # a joint
    assert not drawn[40, 150].any()  # the unsure joint
    assert not drawn[260, 150].any()  # far from everything
    assert not frame.any()  # the input is left alone


def test_padding_people_are_not_drawn():
    points = np.zeros((2, 3, 2), np.float32)
    points[1] = [[50, 150], [250, 150], [150, 40]]
    drawn = draw_skeleton(_frame(), points, LAYOUT)
    assert _near(drawn, 150, 150, PERSON_COLORS[1])
    assert not drawn[0:5, 0:5].any()  # no disc at the padded person's origin


def test_response_discs_grow_and_colour_with_the_response():
    points = np.array([[[60, 150], [240, 150], [150, 60]]], np.float32)
    response = np.array([[0.0, 1.0, 0.0]])
    drawn = draw_skeleton(_frame(), points, LAYOUT, response=response)
    radius = max(2, 300 // 160)
    # just outside the joint dot: the strong joint's disc reaches, the weak one's does not
    strong = drawn[150 + radius * 2 + 1, 240]
    weak = drawn[60 + radius * 2 + 1, 150]
    assert tuple(strong) == tuple(response_colors(1.0))
    assert not weak.any()


def test_response_colours_run_from_blue_to_red():
    low, high = response_colors(np.array([0.0, 1.0]))
    assert low[2] > low[0] and high[0] > high[2]


def test_text_lines_write_on_a_box_at_the_top():
    drawn = draw_text_lines(_frame(), ['walking 0.93', 'running 0.05'])
    rows = np.flatnonzero(drawn.any(axis=(1, 2)))
    assert rows.min() >= 8 and rows.max() < 150  # two lines near the top
    assert (drawn > 200).all(-1).any()  # white text (anti-aliased)
    assert not drawn[200:].any()

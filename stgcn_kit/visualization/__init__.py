"""Pictures and videos: skeletons drawn on frames, rendered on their own, and written out."""
from .skeleton_drawer import draw_skeleton, draw_text_lines, response_colors
from .skeleton_plot import render_skeleton_frames
from .video_writer import write_frames

__all__ = ['draw_skeleton', 'draw_text_lines', 'response_colors', 'render_skeleton_frames',
           'write_frames']

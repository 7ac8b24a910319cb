"""Writing frame sequences as a video (mp4, avi) or an animated gif, atomically."""
import contextlib
import os
import tempfile
from typing import Iterable

import cv2
import numpy as np
from PIL import Image

from stgcn_kit.utils.io import atomic_open, give_default_mode

FOURCC = {'.mp4': 'mp4v', '.avi': 'MJPG'}


def _write_gif(path: str, frames: Iterable[np.ndarray], fps: float) -> int:
    images = [Image.fromarray(np.ascontiguousarray(f)) for f in frames]
    if not images:
        raise ValueError(f'{path}: no frames to write')
    with atomic_open(path, 'wb') as f:
        images[0].save(f, format='GIF', save_all=True, append_images=images[1:],
                       duration=int(round(1000 / fps)), loop=0)
    return len(images)


def _write_video(path: str, frames: Iterable[np.ndarray], fps: float, fourcc: str) -> int:
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    # OpenCV picks the container from the file name, so the temporary file keeps the suffix
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f'.{os.path.basename(path)}.',
                               suffix=os.path.splitext(path)[1])
    os.close(fd)
    give_default_mode(tmp)
    writer, count = None, 0
    try:
        for frame in frames:
            if writer is None:
                height, width = frame.shape[:2]
                writer = cv2.VideoWriter(tmp, cv2.VideoWriter_fourcc(*fourcc), fps,
                                         (width, height))
                if not writer.isOpened():
                    raise ValueError(f'{path}: OpenCV cannot write {fourcc} video here')
            writer.write(cv2.cvtColor(np.ascontiguousarray(frame), cv2.COLOR_RGB2BGR))
            count += 1
        if writer is None:
            raise ValueError(f'{path}: no frames to write')
        writer.release()
        os.replace(tmp, path)
    except BaseException:
        if writer is not None:
            writer.release()
        with contextlib.suppress(FileNotFoundError):
            os.remove(tmp)
        raise
    return count


def write_frames(path: str, frames: Iterable[np.ndarray], fps: float) -> int:
    """Write RGB ``frames`` ``(H, W, 3)`` uint8 (all of one size) to ``path`` (``.mp4``,
    ``.avi`` or ``.gif``, chosen by the suffix) at ``fps``; a failure leaves no partial file.

    Returns:
        the number of frames written.
    """
    suffix = os.path.splitext(path)[1].lower()
    if suffix == '.gif':
        return _write_gif(path, frames, fps)
    if suffix not in FOURCC:
        raise ValueError(f'{path}: unsupported output type; use one of '
                         f'{sorted(FOURCC) + [".gif"]}')
    return _write_video(path, frames, fps, FOURCC[suffix])

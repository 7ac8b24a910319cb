"""Video and gif writing: frames read back, and failures leave the old file alone."""
import os
import stat

import decord
import numpy as np
import pytest
from PIL import Image

from stgcn_kit.visualization import write_frames


def _frames(count=6):
    frames = np.zeros((count, 64, 96, 3), np.uint8)
    for i in range(count):
        frames[i, :, : 16 * (i + 1)] = (200, 40, 40)  # a red bar that grows
    return frames


@pytest.mark.parametrize('suffix', ['.mp4', '.avi'])
def test_video_reads_back(tmp_path, suffix):
    frames = _frames()
    out = tmp_path / f'x{suffix}'
    assert write_frames(str(out), iter(frames), fps=10) == len(frames)
    video = decord.VideoReader(str(out))
    assert len(video) == len(frames)
    back = video.get_batch(range(len(frames))).asnumpy()
    assert back.shape == frames.shape
    # lossy codecs: close on average, and the bar's growth (its colour) survives
    assert np.abs(back.astype(int) - frames).mean() < 12
    assert back[-1, 32, 90, 0] > 150 and back[0, 32, 90, 0] < 60


def test_gif_reads_back(tmp_path):
    out = tmp_path / 'x.gif'
    write_frames(str(out), _frames(4), fps=5)
    with Image.open(out) as gif:
        assert gif.n_frames == 4
        gif.seek(3)
        assert np.asarray(gif.convert('RGB'))[32, 60, 0] > 150


def test_failure_keeps_the_old_file(tmp_path):
    out = tmp_path / 'x.mp4'
    out.write_bytes(b'old')

    def broken():
        yield _frames(1)[0]
        raise ValueError('decoding failed')

    with pytest.raises(ValueError, match='decoding failed'):
        write_frames(str(out), broken(), fps=10)
    assert out.read_bytes() == b'old'
    assert [p.name for p in tmp_path.iterdir()] == ['x.mp4']


def test_bad_requests_are_named(tmp_path):
    with pytest.raises(ValueError, match='x.mkv: unsupported output type'):
        write_frames(str(tmp_path / 'x.mkv'), _frames(), fps=10)
    with pytest.raises(ValueError, match='no frames to write'):
        write_frames(str(tmp_path / 'x.mp4'), iter([]), fps=10)


@pytest.mark.parametrize('suffix', ['.mp4', '.avi', '.gif'])
@pytest.mark.parametrize('umask, mode', [(0o022, 0o644), (0o027, 0o640)])
def test_the_file_gets_the_mode_a_plain_open_gives(tmp_path, suffix, umask, mode):
    old = os.umask(umask)
    try:
        write_frames(str(tmp_path / f'x{suffix}'), _frames(2), fps=5)
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / f'x{suffix}').st_mode) == mode

"""Writing segments as they close: JSON lines (``.jsonl``) or CSV (``.csv``), one segment a
line, flushed at once so that ``tail -f`` follows a long run.

Unlike the project's other outputs the file is not written atomically: it grows while the
stream runs, which is the point. Every line is complete when flushed, so a reader never sees a
half segment (a crash can at worst lose the segments still open)."""
import csv
import json
import os
from typing import Iterable, Optional, TextIO

from .segments import Segment

COLUMNS = ('track', 'start_frame', 'end_frame', 'label', 'name', 'score')
TIME_COLUMNS = ('start_s', 'end_s')
FORMATS = ('.jsonl', '.csv')


class TimelineWriter:
    """Append segments to ``path`` (its suffix picks the format).

    Args:
        path: a ``.jsonl`` or ``.csv`` file, created (or emptied) on opening.
        fps: frames per second of the source; with it every segment also gets ``start_s`` and
            ``end_s``, the seconds from the stream's first frame to the start of its first frame
            and to the end of its last.
    """

    def __init__(self, path: str, fps: Optional[float] = None) -> None:
        self.format = os.path.splitext(path)[1].lower()
        if self.format not in FORMATS:
            raise ValueError(f'{path}: a timeline is {" or ".join(FORMATS)}')
        self.path, self.fps = path, fps
        self.columns = COLUMNS + (TIME_COLUMNS if fps else ())
        folder = os.path.dirname(os.path.abspath(path))
        os.makedirs(folder, exist_ok=True)
        self._file: TextIO = open(path, 'w', encoding='utf-8', newline='')
        self._csv = csv.writer(self._file) if self.format == '.csv' else None
        if self._csv is not None:
            self._csv.writerow(self.columns)
            self._file.flush()
        self.count = 0

    def _row(self, segment: Segment) -> dict:
        row = dict(track=segment.track, start_frame=segment.start_frame,
                   end_frame=segment.end_frame, label=segment.label, name=segment.name,
                   score=round(segment.score, 4))
        if self.fps:
            row.update(start_s=round(segment.start_frame / self.fps, 3),
                       end_s=round((segment.end_frame + 1) / self.fps, 3))
        return row

    def write(self, segments: Iterable[Segment]) -> None:
        """Append ``segments`` and flush."""
        for segment in segments:
            row = self._row(segment)
            if self._csv is not None:
                self._csv.writerow([row[c] for c in self.columns])
            else:
                self._file.write(json.dumps(row) + '\n')
            self.count += 1
        self._file.flush()

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> 'TimelineWriter':
        return self

    def __exit__(self, *exc) -> None:
        self.close()

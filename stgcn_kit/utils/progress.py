"""Progress of long loops that reads well both on a terminal and in a redirected log: the
terminal gets mmengine's bar redrawn in place; a file or pipe gets a plain line at every tenth
of the work (and at the end) instead of one carriage-return update per item."""
import sys
import time
from typing import IO, Optional

from mmengine.utils import ProgressBar


class Progress:
    """Count ``total`` steps of work, reporting to ``file`` (default ``sys.stdout``).

    Args:
        total: number of steps.
        file: where to report; a terminal gets the bar, anything else ``lines`` plain lines.
        lines: how many evenly spaced lines a non-terminal gets (the last one at ``total``).
        label: the word naming the steps in the lines, e.g. ``'samples'``.
    """

    def __init__(self, total: int, file: Optional[IO] = None, lines: int = 10,
                 label: str = 'items') -> None:
        self.total = total
        self.file = file if file is not None else sys.stdout
        self.label = label
        self.done = 0
        self.start = time.monotonic()
        isatty = getattr(self.file, 'isatty', None)
        self.bar = ProgressBar(total, file=self.file) if isatty and isatty() else None
        # steps after which a line is printed: total * 1/lines, 2/lines, ..., total
        self.marks = sorted({max(1, round(total * i / lines)) for i in range(1, lines + 1)})

    def update(self, num: int = 1) -> None:
        """Record ``num`` more finished steps."""
        before = self.done
        self.done += num
        if self.bar is not None:
            self.bar.update(num)
        elif any(before < mark <= self.done for mark in self.marks):
            elapsed = time.monotonic() - self.start
            rate = self.done / elapsed if elapsed > 0 else float('inf')
            eta = (self.total - self.done) / rate if rate > 0 else 0.0
            percent = 100 * self.done / self.total if self.total else 100
            self.file.write(f'{self.done}/{self.total} {self.label} ({percent:.0f}%), '
                            f'{elapsed:.0f} s elapsed, ETA {eta:.0f} s\n')
            self.file.flush()

    def close(self) -> None:
        """End the bar's line on a terminal (the plain lines end themselves)."""
        if self.bar is not None:
            self.file.write('\n')
            self.file.flush()

"""Timeline files: every segment readable as soon as it is written (flushed, for tail -f),
JSON lines and CSV with the same fields, seconds when the frame rate is known."""
import csv
import json

import pytest

from stgcn_kit.apis import Segment, TimelineWriter

SEGMENTS = [Segment(0, 0, 29, 3, 'walk around', 0.91234), Segment(1, 10, 59, -1, 'background',
                                                                   0.3)]


def test_json_lines_are_readable_while_the_file_is_open(tmp_path):
    path = tmp_path / 'out' / 'timeline.jsonl'
    with TimelineWriter(str(path), fps=30) as writer:
        writer.write(SEGMENTS[:1])
        # another reader sees the line before the writer closes
        assert [json.loads(line) for line in path.read_text().splitlines()] == [
            dict(track=0, start_frame=0, end_frame=29, label=3, name='walk around',
                 score=0.9123, start_s=0.0, end_s=1.0)]
        writer.write(SEGMENTS[1:])
    assert len(path.read_text().splitlines()) == 2 and writer.count == 2


def test_csv_has_a_header_and_no_seconds_without_a_frame_rate(tmp_path):
    path = tmp_path / 'timeline.csv'
    with TimelineWriter(str(path)) as writer:
        writer.write(SEGMENTS)
        rows = list(csv.reader(path.read_text().splitlines()))
    assert rows == [['track', 'start_frame', 'end_frame', 'label', 'name', 'score'],
                    ['0', '0', '29', '3', 'walk around', '0.9123'],
                    ['1', '10', '59', '-1', 'background', '0.3']]


def test_other_suffixes_are_refused(tmp_path):
    with pytest.raises(ValueError, match=r'timeline.txt: a timeline is \.jsonl or \.csv'):
        TimelineWriter(str(tmp_path / 'timeline.txt'))
    assert not (tmp_path / 'timeline.txt').exists()

"""What the online-recognition tests share: streams made of real NW-UCLA sequences of known
actions one after another (each moved to start where the previous one ended, as one person
would go on), a second person beside the first, and a stand-in recognizer whose scores are
known: it looks up each frame it is shown among the frames of the source sequences."""
import contextlib
import functools
import http.server
import json
import threading
from pathlib import Path
from typing import Dict, Iterator, List, Sequence, Tuple

import numpy as np
import torch
from torch import nn

from stgcn_kit.structures import ActionDataSample

# label index -> NW-UCLA action id (the file names' aNN)
ACTIONS = (1, 2, 3, 4, 5, 6, 8, 9, 11, 12)
# long view-1 sequences without a Kinect jump (no frame moves more than a fifth of the body
# size): person A picks up with one hand, stands up, doffs; person B dons, picks up with two
# hands, drops trash; the last one is of no class the stand-in knows
PERSON_A = ('a01_s05_e00_v01', 'a06_s03_e02_v01', 'a09_s01_e00_v01')
PERSON_B = ('a08_s01_e01_v01', 'a02_s01_e03_v01', 'a03_s01_e01_v01')
UNKNOWN = 'a04_s03_e02_v01'
# person B stands this far to the side of person A (x, metres); either walks at most ~2 m
SIDE = np.array([4.0, 0.0, 0.0], np.float32)
B_ENTERS = 10  # person B comes into view at this frame
# OpenPose's COCO-18 order -> COCO-17: nose, eyes, ears, shoulders, elbows, wrists, hips,
# knees, ankles, each left then right
OPENPOSE18_TO_COCO = [0, 15, 14, 17, 16, 5, 2, 6, 3, 7, 4, 11, 8, 12, 9, 13, 10]
KINETICS_SHAPE = (256, 340)  # (h, w) of the Kinetics-skeleton clips' videos


def load_sequence(shared_data: Path, name: str) -> np.ndarray:
    """``(T, 20, 3)`` joints in metres of one NW-UCLA sequence."""
    path = shared_data / 'nw-ucla' / 'all_sqe' / f'{name}.json'
    return np.asarray(json.loads(path.read_text())['skeletons'], np.float32)


def label_of(name: str) -> int:
    return ACTIONS.index(int(name[1:3]))


def stitch(sequences: Sequence[np.ndarray]) -> Tuple[np.ndarray, List[int]]:
    """The sequences one after another, each moved so that its first hip is where the previous
    one's last hip was; returns ``(T, V, 3)`` and the first frame of each."""
    parts, starts, total = [], [], 0
    for seq in sequences:
        if parts:
            seq = seq - seq[0, 0] + parts[-1][-1, 0]
        parts.append(seq)
        starts.append(total)
        total += len(seq)
    return np.concatenate(parts), starts


def person_stream(shared_data: Path, names: Sequence[str]) -> Tuple[np.ndarray, List[int]]:
    return stitch([load_sequence(shared_data, n) for n in names])


class SourceLookup(nn.Module):
    """A stand-in recognizer with a known output: every frame of its input is found among the
    frames of ``sources`` (by its joints relative to its own hip, which the test pipeline's
    centring and the streams' shifts leave alone) and the score of class ``c`` is the share of
    the input frames that come from a sequence of class ``c`` (frames of unknown sequences
    count for no class). It carries a real recognizer's ``cfg`` and ``label_names``, so
    :func:`inference_recognizer` runs the config's test pipeline before it."""

    def __init__(self, real: nn.Module, sources: Dict[str, np.ndarray]) -> None:
        super().__init__()
        self.cfg, self.label_names = real.cfg, real.label_names
        self.num_classes = len(real.label_names)
        self.table = np.concatenate([self._relative(s) for s in sources.values()])
        self.labels = np.concatenate([np.full(len(s), label_of(n))
                                      for n, s in sources.items()])
        self.shown: List[np.ndarray] = []

    @staticmethod
    def _relative(frames: np.ndarray) -> np.ndarray:
        return (frames - frames[:, :1]).reshape(len(frames), -1)

    def test_step(self, data: dict) -> List[ActionDataSample]:
        inputs = data['inputs'][0].numpy()  # (num_clips * M, T, V, C)
        frames = inputs.reshape((-1,) + inputs.shape[-2:])
        self.shown.append(frames)
        distance = np.abs(self._relative(frames)[:, None] - self.table[None]).max(-1)
        found = distance.min(1) < 1e-4
        counts = np.bincount(self.labels[distance.argmin(1)[found]], minlength=self.num_classes)
        sample = ActionDataSample()
        sample.pred_score = torch.as_tensor(counts / len(frames), dtype=torch.float32)
        return [sample]


def two_people(shared_data):
    """Person A (three actions from frame 0) and person B four metres to their side (three
    other actions from frame B_ENTERS); B stays longer. Returns the per-frame lists of people
    ``(name, joints)`` and each person's frames and action starts."""
    a, a_starts = person_stream(shared_data, PERSON_A)
    b, b_starts = person_stream(shared_data, PERSON_B)
    b = b - b[0, 0] + a[0, 0] + SIDE
    total = B_ENTERS + len(b)
    frames = [[] for _ in range(total)]
    for t in range(len(a)):
        frames[t].append(('A', a[t]))
    for t in range(len(b)):
        frames[B_ENTERS + t].append(('B', b[t]))
    people = dict(A=(0, len(a) - 1, a_starts), B=(B_ENTERS, total - 1,
                                                  [B_ENTERS + s for s in b_starts]))
    return frames, people


def kinetics_coco_poses(shared_data: Path) -> List[Tuple[np.ndarray, np.ndarray]]:
    """Per frame of a real Kinetics-skeleton clip (OpenPose, several people): COCO-17 pixel
    positions ``(P, 17, 2)`` and scores ``(P, 17)`` of everyone in it."""
    data = json.loads((shared_data / 'kinetics-skeleton' / 'kinetics_train' /
                       'cU1fyH2QssA.json').read_text())['data']
    height, width = KINETICS_SHAPE
    frames = []
    for frame in data:
        people = frame['skeleton']
        keypoint = np.array([np.reshape(p['pose'], (18, 2))[OPENPOSE18_TO_COCO] * [width, height]
                             for p in people], np.float32).reshape(-1, 17, 2)
        score = np.array([np.asarray(p['score'])[OPENPOSE18_TO_COCO] for p in people],
                         np.float32).reshape(-1, 17)
        frames.append((keypoint, score))
    return frames


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` served over HTTP on the loopback while the block runs; yields its URL (an
    AVI plays from it as a stream; an MP4 would need range requests)."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f'http://127.0.0.1:{server.server_address[1]}'
    finally:
        server.shutdown()
        server.server_close()

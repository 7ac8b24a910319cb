"""Speed of online recognition: real NW-UCLA sequences (view 1, one after another, as one
person) pushed frame by frame through :class:`StreamRecognizer` with a config's model (random
weights: the speed does not depend on them), on the CPU.

    python tools/benchmark_online.py configs/stgcn/stgcn_nwucla/j.py [--window 52]
        [--stride 13] [--clips 10] [--people 1] [--rounds 3] [--threads 1]

Prints, per round and as the median over rounds: windows/s (windows recognised per second of
the whole run), frames/s (frames pushed per second, recognition included) and the mean time
of one window's recognition (the config's test pipeline and the model on its clips).
"""
import argparse
import json
import os
import statistics
import sys
import time
from typing import List

import numpy as np
import torch
from mmengine.config import Config

from stgcn_kit.apis import StreamRecognizer, init_recognizer

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEQUENCES = ('a01_s05_e00_v01', 'a06_s03_e02_v01', 'a09_s01_e00_v01', 'a08_s01_e01_v01',
             'a02_s01_e03_v01', 'a03_s01_e01_v01')


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('config')
    parser.add_argument('--data', default=os.path.join(REPO, '..', 'shared', 'data', 'nw-ucla',
                                                       'all_sqe'))
    parser.add_argument('--window', type=int, default=52, help='frames per window')
    parser.add_argument('--stride', type=int, default=13, help='frames between windows')
    parser.add_argument('--clips', type=int, help='test clips per window (default: the '
                                                  'config\'s UniformSampleFrames num_clips)')
    parser.add_argument('--people', type=int, default=1, help='people side by side')
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--threads', type=int, default=1, help='torch threads')
    return parser.parse_args()


def stream(folder: str, people: int) -> List[np.ndarray]:
    """Per frame ``(people, 20, 3)``: the sequences one after another, each continuing where
    the previous ended; further people 4 m to the side."""
    parts = []
    for name in SEQUENCES:
        with open(os.path.join(folder, f'{name}.json'), encoding='utf-8') as f:
            seq = np.asarray(json.load(f)['skeletons'], np.float32)
        if parts:
            seq = seq - seq[0, 0] + parts[-1][-1, 0]
        parts.append(seq)
    one = np.concatenate(parts)
    return [np.stack([frame + [4.0 * p, 0, 0] for p in range(people)]).astype(np.float32)
            for frame in one]


def set_clips(cfg: Config, clips: int) -> None:
    for pipeline in (cfg.get('test_pipeline'), cfg.test_dataloader.dataset.get('pipeline')):
        for transform in pipeline or []:
            if transform['type'] == 'UniformSampleFrames':
                transform['num_clips'] = clips


def main() -> None:
    args = parse_args()
    torch.set_num_threads(args.threads)
    cfg = Config.fromfile(args.config)
    if args.clips:
        set_clips(cfg, args.clips)
    model = init_recognizer(cfg, device='cpu')
    frames = stream(args.data, args.people)
    rates = []
    for round_ in range(args.rounds + 1):  # the first round warms up
        spent: List[float] = []  # seconds per window, of the pushes that recognised windows
        recognizer = StreamRecognizer(model, args.window, args.stride)
        start = time.perf_counter()
        for frame in frames + [None]:  # None: the stream ends
            pushed = time.perf_counter()
            found = len(recognizer.push(frame).windows if frame is not None
                        else recognizer.close())
            spent += [(time.perf_counter() - pushed) / max(found, 1)] * found
        windows = len(spent)
        seconds = time.perf_counter() - start
        if round_:
            rates.append((windows / seconds, len(frames) / seconds,
                          1000 * statistics.mean(spent)))
            print(f'round {round_}: {len(frames)} frames, {windows} windows in {seconds:.2f} s: '
                  f'{rates[-1][0]:.2f} windows/s, {rates[-1][1]:.1f} frames/s, '
                  f'{rates[-1][2]:.0f} ms per window', flush=True)
    median = [statistics.median(r[i] for r in rates) for i in range(3)]
    print(f'{os.path.relpath(args.config, REPO)} window {args.window} stride {args.stride} '
          f'people {args.people} clips {args.clips or "config"} threads {args.threads}: '
          f'median {median[0]:.2f} windows/s, {median[1]:.1f} frames/s, '
          f'{median[2]:.0f} ms per window ({args.rounds} rounds)')


if __name__ == '__main__':
    sys.exit(main())

"""Data-pipeline throughput on real skeletons: parse once, then time the training transforms."""
import copy
import glob
import os
import time
from typing import Callable, List, Sequence

import torch
from mmengine.dataset import Compose
from mmengine.utils import ProgressBar

from stgcn_kit.datasets.dataset_cfg import innermost_dataset_cfg
from stgcn_kit.datasets.raw import ntu, nwucla
from stgcn_kit.registry import TRANSFORMS
from stgcn_kit.utils.config import read_config


def read_records(paths: Sequence[str], read: Callable[[str], dict]) -> List[dict]:
    """Parse raw sample files into annotation records, showing progress."""
    records = []
    progress = ProgressBar(len(paths))
    for path in paths:
        records.append(read(path))
        progress.update()
    print()
    return records


def ntu_records(data_root: str, limit: int) -> List[dict]:
    """Up to ``limit`` records from ``data_root/ntu-rgbd-raw/*.skeleton``."""
    paths = sorted(glob.glob(os.path.join(data_root, 'ntu-rgbd-raw', '*.skeleton')))[:limit]
    return read_records(paths, ntu.read_sample)


def nwucla_records(data_root: str, limit: int) -> List[dict]:
    """Up to ``limit`` records from ``data_root/nw-ucla/all_sqe/*.json``."""
    paths = sorted(glob.glob(os.path.join(data_root, 'nw-ucla', 'all_sqe', '*.json')))[:limit]
    return read_records(paths, nwucla.read_sample)


def train_pipeline(config: str) -> Compose:
    """The training dataset's pipeline of ``config``, built from this package's transforms."""
    cfg = read_config(config)
    dataset = innermost_dataset_cfg(cfg.train_dataloader.dataset)
    return Compose([TRANSFORMS.build(t) for t in dataset.pipeline])


def pipeline_samples_per_s(pipeline: Compose, records: Sequence[dict], rounds: int) -> float:
    """Samples per second of ``pipeline`` over ``records`` (each deep-copied, as a dataset does),
    ``rounds`` passes, on one thread: the figure per data-loading core."""
    if not records:
        raise ValueError('pipeline_samples_per_s: no records to time (is the data folder empty?)')
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        pipeline(copy.deepcopy(records[0]))  # first call builds lazy state (graphs, caches)
        start = time.perf_counter()
        for _ in range(rounds):
            for record in records:
                pipeline(copy.deepcopy(record))
        return rounds * len(records) / (time.perf_counter() - start)
    finally:
        torch.set_num_threads(threads)

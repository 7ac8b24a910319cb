"""PoseC3D's heatmap training pipeline on synthetic 2D poses: ours against PYSKL's, per core.

The input imitates PYSKL's NTU RGB+D HRNet annotations (``ntu60_hrnet.pkl``): 17 COCO
keypoints in pixels of 1920 x 1080 frames, two persons, 100 to 150 frames, scores in
[0.4, 1). The poses are a standing COCO skeleton with swinging arms and legs, drifting and
jittering, so ``PoseCompact`` and the crops see a realistic box; heatmap cost depends on
the output size, frames, persons and limbs, not on the action.
"""
import copy
import os
import random
import time
from typing import Callable, Dict, List, Optional, Sequence

import numpy as np
import torch
from mmengine.dataset import Compose

from stgcn_kit.datasets.dataset_cfg import innermost_dataset_cfg
from stgcn_kit.registry import TRANSFORMS
from stgcn_kit.utils.config import read_config

from .pyskl import PysklCode, check_same_outputs

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

#: the NTU-60 cross-subject PoseC3D configs (keypoint, limb) of each benchmarked model
CONFIG_DIRS = {'SlowOnly-R50': 'slowonly_r50_ntu60_xsub', 'C3D-light': 'c3d_light_ntu60_xsub',
               'X3D-shallow': 'x3d_shallow_ntu60_xsub'}

# a standing COCO-17 person facing the camera, x to the person's left, y down, in units of
# the person's height, origin between the hips
_TEMPLATE = np.array([
    [0, -.42], [.02, -.44], [-.02, -.44], [.045, -.43], [-.045, -.43],   # nose, eyes, ears
    [.11, -.30], [-.11, -.30], [.14, -.15], [-.14, -.15], [.15, -.01], [-.15, -.01],  # arms
    [.07, 0], [-.07, 0], [.07, .25], [-.07, .25], [.07, .50], [-.07, .50]])  # legs
# joints that swing (elbows, wrists, knees, ankles) and how far, in heights
_SWING = np.zeros(17)
_SWING[[7, 8, 13, 14]], _SWING[[9, 10, 15, 16]] = .05, .10


def synthetic_records(num: int, seed: int = 0, img_shape=(1080, 1920), persons: int = 2,
                      frames=(100, 150)) -> List[dict]:
    """``num`` annotation records as PYSKL's 2D pickles hold them (``keypoint``
    ``(M, T, 17, 2)`` float32 pixels, ``keypoint_score`` ``(M, T, 17)``, ``img_shape``)."""
    rng = np.random.RandomState(seed)
    h, w = img_shape
    records = []
    for i in range(num):
        t = rng.randint(frames[0], frames[1] + 1)
        phase = np.linspace(0, 2 * np.pi * rng.uniform(1, 3), t)[:, None]  # (T, 1)
        kp = np.empty((persons, t, 17, 2), np.float32)
        for m in range(persons):
            height = rng.uniform(.4, .6) * h
            centre = np.array([w * (m + 1) / (persons + 1) + rng.uniform(-100, 100),
                               h * rng.uniform(.5, .6)])
            drift = np.cumsum(rng.normal(0, 1.5, (t, 1, 2)), axis=0)
            swing = _SWING * np.sin(phase + m + np.arange(17) % 2 * np.pi)  # (T, 17)
            pose = np.broadcast_to(_TEMPLATE, (t, 17, 2)).copy()
            pose[..., 0] += swing
            pose += rng.normal(0, .01, pose.shape)
            kp[m] = pose * height + centre + drift
        records.append(dict(
            frame_dir=f'synthetic_{i:04d}', label=int(rng.randint(60)), keypoint=kp,
            keypoint_score=rng.uniform(.4, 1, (persons, t, 17)).astype(np.float32),
            img_shape=tuple(img_shape), original_shape=tuple(img_shape), total_frames=t,
            start_index=0, modality='Pose'))
    return records


def describe(records: Sequence[dict]) -> str:
    """One line about ``records``: count, persons, frames, frame size."""
    frames = [r['total_frames'] for r in records]
    m = {r['keypoint'].shape[0] for r in records}
    return (f'{len(records)} synthetic samples of 17 COCO keypoints, {sorted(m)} persons, '
            f'{min(frames)}-{max(frames)} frames, {records[0]["img_shape"][1]}x'
            f'{records[0]["img_shape"][0]} px (NTU RGB+D video size)')


def pipeline_configs(model: str) -> Dict[str, str]:
    """``{kind: config}``: keypoint and limb configs of a model name in :data:`CONFIG_DIRS`,
    else ``{'config': model}`` (a config file)."""
    if model in CONFIG_DIRS:
        folder = os.path.join(REPO, 'configs', 'posec3d', CONFIG_DIRS[model])
        return dict(keypoint=os.path.join(folder, 'joint.py'),
                    limb=os.path.join(folder, 'limb.py'))
    return dict(config=model)


def train_transforms(config: str) -> List[dict]:
    """The training dataset's transform configs of ``config``."""
    dataset = innermost_dataset_cfg(read_config(config).train_dataloader.dataset)
    return [dict(t) for t in dataset.pipeline]


def fixed_crop_and_flip(transforms: Sequence[dict]) -> List[dict]:
    """``transforms`` with ``RandomResizedCrop`` cropping the whole frame and ``Flip``
    mirroring every clip: PYSKL draws crop offsets from :mod:`random`, we from NumPy, so only
    their distributions agree, not their values under one seed."""
    fixed = []
    for t in transforms:
        t = dict(t)
        if t['type'] == 'RandomResizedCrop':
            t.update(area_range=(1., 1.), aspect_ratio_range=(1., 1.))
        elif t['type'] == 'Flip':
            t.update(flip_ratio=1.)
        fixed.append(t)
    return fixed


def _seeded(pipeline: Callable[[dict], dict], record: dict, seed: int) -> dict:
    # frame sampling draws from NumPy alike in both
    np.random.seed(seed)
    random.seed(seed)
    return pipeline(copy.deepcopy(record))


def _heatmaps(results: dict) -> np.ndarray:
    imgs = results['inputs'] if 'inputs' in results else results['imgs']
    return np.asarray(imgs)


def check_same_heatmaps(ours: Callable[[dict], dict], theirs: Callable[[dict], dict],
                        records: Sequence[dict], seed: int = 0) -> str:
    """Both pipelines, seeded alike, give the same heatmap volumes for ``records`` (up to
    three); returns the last comparison's line. Build them from
    :func:`fixed_crop_and_flip`'s transforms: their crops draw from different generators.

    Raises:
        ValueError: a volume differs (in shape or beyond float32 rounding).
    """
    lines = []
    for i, record in enumerate(records[:3]):
        outputs = {'pyskl': torch.as_tensor(_heatmaps(_seeded(theirs, record, seed + i))),
                   'stgcn_kit': torch.as_tensor(_heatmaps(_seeded(ours, record, seed + i)))}
        lines += check_same_outputs(outputs, 'pyskl', rtol=1e-4, atol=1e-4)
    return lines[-1]


def _ours(transforms: Sequence[dict]) -> Compose:
    return Compose([TRANSFORMS.build(copy.deepcopy(t)) for t in transforms])


def samples_per_s(pipeline: Callable[[dict], dict], records: Sequence[dict]) -> float:
    """One pass of ``pipeline`` over ``records`` (each deep-copied, as a dataset does)."""
    start = time.perf_counter()
    for record in records:
        pipeline(copy.deepcopy(record))
    return len(records) / (time.perf_counter() - start)


def compare_pipelines(transforms: Sequence[dict], records: Sequence[dict], rounds: int,
                      code: Optional[PysklCode] = None) -> Dict[str, float]:
    """Median samples/s over ``rounds`` passes of our pipeline of ``transforms`` and, with
    ``code``, PYSKL's, passes in turn in this process (one thread: the figure per data-loading
    core). PYSKL's is first checked to give our heatmaps (:func:`check_same_heatmaps`).

    Raises:
        ValueError: no records, or the pipelines' heatmaps differ.
    """
    if not records:
        raise ValueError('compare_pipelines: no records to time')
    pipelines = {'stgcn_kit': _ours(transforms)}
    if code is not None:
        pipelines = {'pyskl': code.pipeline(transforms), **pipelines}
        fixed = fixed_crop_and_flip(transforms)
        print('same heatmaps as PYSKL (allclose; whole-frame crop, every clip mirrored): '
              + check_same_heatmaps(_ours(fixed), code.pipeline(fixed), records))
    rates = {name: [] for name in pipelines}
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        for pipeline in pipelines.values():
            pipeline(copy.deepcopy(records[0]))  # first calls build lazy state (caches)
        for r in range(rounds):
            # rotated, so that neither always runs first
            names = list(pipelines)[r % len(pipelines):] + list(pipelines)[:r % len(pipelines)]
            for name in names:
                rates[name].append(samples_per_s(pipelines[name], records))
    finally:
        torch.set_num_threads(threads)
    return {name: float(np.median(rate)) for name, rate in rates.items()}

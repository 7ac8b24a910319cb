"""Recognising the action of one skeleton sequence: a recognizer from a config and a checkpoint,
the config's test pipeline, the top-k labels, and the ST-GCN paper's joint responses."""
import copy
import os
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence, Tuple, Union

import numpy as np
import torch
import torch.nn.functional as F
from mmengine.config import Config
from mmengine.dataset import default_collate
from mmengine.registry import init_default_scope
from torch import nn

from stgcn_kit.datasets.annotation import validate_record
from stgcn_kit.engine import load_checkpoint_file
from stgcn_kit.engine.config_check import config_errors
from stgcn_kit.engine.weights import check_finite, check_fit, state_dict_of
from stgcn_kit.registry import MODELS, TRANSFORMS
from stgcn_kit.skeleton import get_layout
from stgcn_kit.utils.config import check_retired_keys, read_config


def load_label_map(path: str) -> List[str]:
    """Class names, one a line (line ``i`` names class ``i``); blank lines at the end ignored."""
    try:
        with open(path, encoding='utf-8') as f:
            names = [line.strip() for line in f.read().rstrip('\n').split('\n')]
    except OSError as err:
        raise ValueError(f'{path}: cannot read the label map ({err.strerror})') from None
    if not names or not all(names):
        raise ValueError(f'{path}: a label map needs one non-empty class name per line')
    return names


def find_label_map(cfg: Config) -> Optional[str]:
    """The file named by ``cfg.label_map``: as given (absolute or from the working directory),
    else relative to the config's folder or one of its parents (configs name it from the
    repository root, e.g. ``tools/data/label_map/nw_ucla.txt``). ``None`` without one."""
    name = cfg.get('label_map')
    if not name:
        return None
    if os.path.isfile(name):
        return name
    if cfg.filename:
        for folder in Path(cfg.filename).resolve().parents:
            if (folder / name).is_file():
                return str(folder / name)
    raise ValueError(f'{cfg.filename}: label_map {name!r} not found (from the working '
                     f'directory or above the config)')


# PoseC3D's configs (PYSKL's, mmaction2's) read the 17 COCO keypoints of their HRNet pickles
# without naming a layout
HEATMAP_LAYOUT = 'coco'


def _test_pipeline_or_none(cfg: Config) -> Optional[list]:
    pipeline = cfg.get('test_dataloader', {}).get('dataset', {}).get('pipeline')
    return pipeline or cfg.get('test_pipeline')


def is_heatmap_model(cfg: Config) -> bool:
    """Whether the config's model reads heatmap volumes (PoseC3D): its test pipeline draws them
    with ``GeneratePoseTarget``."""
    return any(t.get('type') == 'GeneratePoseTarget' for t in _test_pipeline_or_none(cfg) or [])


def model_layout(cfg: Config) -> str:
    """The skeleton layout the config's model reads: a GCN backbone's
    ``model.backbone.graph_cfg.layout``; for a heatmap model (PoseC3D) the layout its test
    dataset checks records against (``num_node``), else COCO-17."""
    try:
        return cfg.model.backbone.graph_cfg.layout
    except AttributeError:
        if is_heatmap_model(cfg):
            num_node = cfg.get('test_dataloader', {}).get('dataset', {}).get('num_node')
            return num_node if isinstance(num_node, str) else HEATMAP_LAYOUT
        raise ValueError(f'{cfg.filename}: model.backbone.graph_cfg.layout is not set') from None


def inference_pipeline(cfg: Config, record: dict) -> list:
    """The test pipeline for ``record``: 2D poses, already in pixels, skip ``PinholeProject``
    (it projects depth-camera 3D skeletons to pixels, as PoseC3D's NW-UCLA configs read them)."""
    pipeline = test_pipeline_cfg(cfg)
    if np.shape(record.get('keypoint'))[-1:] == (2,):
        pipeline = [t for t in pipeline if t.get('type') != 'PinholeProject']
    return pipeline


def test_pipeline_cfg(cfg: Config) -> list:
    """The config's test pipeline: ``test_dataloader.dataset.pipeline``, else
    ``test_pipeline``."""
    pipeline = _test_pipeline_or_none(cfg)
    if not pipeline:
        raise ValueError(f'{cfg.filename}: no test pipeline (test_dataloader.dataset.pipeline '
                         f'or test_pipeline)')
    return pipeline


def _load_weights(model: nn.Module, checkpoint: str, trust_pickle: bool) -> None:
    ckpt = load_checkpoint_file(checkpoint, 'cpu', trust=trust_pickle, weights_only_parts=True)
    state = state_dict_of(ckpt, checkpoint)
    check_fit(model, state, checkpoint)
    check_finite(model, state, checkpoint)
    # extra entries (e.g. counters PYSKL keeps) are harmless
    model.load_state_dict(state, strict=False)


def default_device() -> str:
    return 'cuda' if torch.cuda.is_available() else 'cpu'


def init_recognizer(config: Union[str, Path, Config],
                    checkpoint: Optional[Union[str, Path]] = None,
                    device: Optional[str] = None, trust_pickle: bool = False) -> nn.Module:
    """Build the config's recognizer in eval mode, with the checkpoint's weights.

    Args:
        config: a config file or :class:`~mmengine.config.Config`.
        checkpoint: a checkpoint of this project or of PYSKL (same names; convert mmaction2 and
            original ST-GCN weights first with ``tools/convert_checkpoint.py``); ``None`` keeps
            the random initial weights (for export and tests, not for recognising anything).
        device: ``'cpu'``, ``'cuda'`` or ``'cuda:N'``; by default CUDA when available.
        trust_pickle: unpickle the checkpoint fully (it can run code): only for files whose
            origin the user trusts. Without it only tensors and plain data load, and parts of
            the file besides the weights that would need more are skipped with a warning.

    Returns:
        the recognizer, with ``cfg`` (the config) and ``label_names`` (from the config's
        ``label_map`` file, else ``None``) attached.
    """
    if isinstance(config, (str, Path)):
        cfg = read_config(str(config))
    else:
        cfg = copy.deepcopy(config)
        check_retired_keys(cfg)
    device = device or default_device()
    if device.startswith('cuda') and not torch.cuda.is_available():
        raise ValueError(f'device {device!r} asked for, but this torch sees no CUDA GPU')
    init_default_scope(cfg.get('default_scope', 'stgcn_kit'))
    with config_errors(cfg):
        model = MODELS.build(cfg.model)
    if checkpoint is not None:
        _load_weights(model, str(checkpoint), trust_pickle)
    model.cfg = cfg
    label_map = find_label_map(cfg)
    model.label_names = load_label_map(label_map) if label_map else None
    return model.to(device).eval()


@dataclass
class Recognition:
    """What :func:`inference_recognizer` found.

    Attributes:
        pred_score: ``(num_classes,)`` class scores (averaged over the test clips as the model's
            ``test_cfg`` says, probabilities by default).
        topk: ``(class index, class name, score)``, best first.
        response: ``(M, T, V)`` per-joint response (norm over channels of the backbone's last
            output) on the input's ``T`` frames, or ``None`` when not asked for.
    """
    pred_score: np.ndarray
    topk: List[Tuple[int, str, float]]
    response: Optional[np.ndarray] = None


def _num_frames(keypoint) -> int:
    shape = np.shape(keypoint)
    return shape[1] if len(shape) == 4 else 0


def _as_record(skeletons: Union[np.ndarray, dict], num_node: int,
               img_shape: Optional[Tuple[int, int]]) -> dict:
    """An annotation record of ``skeletons``, validated against the model's joint count."""
    if isinstance(skeletons, dict):
        record = {'frame_dir': 'input', 'label': -1, **skeletons}
        if 'total_frames' not in record and 'keypoint' in record:
            record['total_frames'] = _num_frames(record['keypoint'])
    else:
        keypoint = np.asarray(skeletons, dtype=np.float32)
        record = dict(frame_dir='input', label=-1, keypoint=keypoint,
                      total_frames=_num_frames(keypoint))
        if keypoint.ndim == 4 and keypoint.shape[-1] == 2:
            # 2D poses without confidences count as sure
            record['keypoint_score'] = np.ones(keypoint.shape[:-1], np.float32)
    if img_shape is not None:
        record['img_shape'] = record['original_shape'] = tuple(img_shape)
    validate_record(record, num_node, source='inference input',
                    labelled=False)
    return record


def _run_pipeline(pipeline: Sequence[dict], record: dict) -> Tuple[dict, Optional[np.ndarray],
                                                                    int]:
    """Apply the transforms; also return the sampled ``frame_inds`` (``None`` without a
    sampling step) and the frame count they index."""
    frame_inds, seen = None, int(record['total_frames'])
    results = record
    for transform in pipeline:
        if 'frame_inds' not in results and 'total_frames' in results:
            seen = int(results['total_frames'])
        results = TRANSFORMS.build(transform)(results)
        if 'frame_inds' in results:
            frame_inds = np.asarray(results['frame_inds'])
    return results, frame_inds, seen


def _spread_response(features: torch.Tensor, num_clips: int, frame_inds: Optional[np.ndarray],
                     seen: int, num_frames: int) -> np.ndarray:
    """Backbone output ``(num_clips, M, C, T', V)`` -> ``(M, num_frames, V)``: the channel norm
    is stretched over each clip's ``clip_len`` frames, averaged where clips overlap,
    interpolated over frames no clip sampled, and stretched from the ``seen`` frames the
    sampling indexed to the input's ``num_frames`` (they differ when normalisation drops empty
    frames)."""
    norm = features.float().norm(dim=2)  # (nc, M, T', V)
    clip_len = len(frame_inds) // num_clips if frame_inds is not None else seen
    if frame_inds is None:
        frame_inds = np.tile(np.arange(seen), num_clips)
    nc, m, _, v = norm.shape
    stretched = F.interpolate(norm.permute(0, 1, 3, 2).reshape(nc * m, v, -1), size=clip_len,
                              mode='linear', align_corners=True)
    stretched = stretched.reshape(nc, m, v, clip_len).permute(1, 0, 3, 2).reshape(m, -1, v)
    total, count = np.zeros((m, seen, v)), np.zeros(seen)
    inds = frame_inds % seen
    np.add.at(total, (slice(None), inds), stretched.cpu().numpy())
    np.add.at(count, inds, 1)
    visited = np.flatnonzero(count)
    mean = total[:, visited] / count[visited, None]
    target = np.linspace(0, seen - 1, num_frames)
    return np.stack([np.stack([np.interp(target, visited, mean[p, :, j]) for j in range(v)], -1)
                     for p in range(m)]).astype(np.float32)


@torch.no_grad()
def inference_recognizer(model: nn.Module, skeletons: Union[np.ndarray, dict], topk: int = 5,
                         with_response: bool = False,
                         img_shape: Optional[Tuple[int, int]] = None) -> Recognition:
    """Recognise the action in one skeleton sequence.

    Args:
        model: from :func:`init_recognizer` (it needs ``model.cfg``).
        skeletons: ``(M, T, V, C)`` array (``C = 2`` pixels or ``3`` coordinates; 2D joints
            without scores count as sure), or an annotation record of the pickle format
            (``keypoint``, optional ``keypoint_score``, ``img_shape``, ...).
        topk: how many labels to return.
        with_response: also compute the per-joint response (see :class:`Recognition`).
        img_shape: ``(h, w)`` of the frames the 2D poses come from (2D normalisation and
            heatmap models' ``PoseCompact`` use it).

    Returns:
        a :class:`Recognition`.
    """
    cfg = model.cfg
    if with_response and is_heatmap_model(cfg):
        raise ValueError(f'{cfg.filename}: joint responses need a GCN (per-joint features); '
                         f'a heatmap model\'s features lie on an image grid')
    record = _as_record(skeletons, get_layout(model_layout(cfg)).num_node, img_shape)
    num_frames = int(record['total_frames'])
    packed, frame_inds, seen = _run_pipeline(inference_pipeline(cfg, record), record)
    captured = []
    hook = model.backbone.register_forward_hook(lambda mod, args, out: captured.append(out)) \
        if with_response else None
    try:
        sample = model.test_step(default_collate([packed]))[0]
    finally:
        if hook is not None:
            hook.remove()
    scores = sample.pred_score.detach().float().cpu().numpy()
    if scores.ndim == 2:  # test_cfg.average_clips=None keeps each clip's scores
        scores = scores.mean(0)
    names = getattr(model, 'label_names', None)
    if names is not None and len(names) != len(scores):
        raise ValueError(f'the label map names {len(names)} classes, the model scores '
                         f'{len(scores)}')
    order = np.argsort(-scores, kind='stable')[:topk]
    best = [(int(i), names[i] if names else str(i), float(scores[i])) for i in order]
    response = None
    if with_response:
        num_clips = int(sample.metainfo.get('num_clips', 1))
        response = _spread_response(captured[0], num_clips, frame_inds, seen, num_frames)
    return Recognition(scores, best, response)

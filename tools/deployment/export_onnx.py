"""Export a recognizer to ONNX and check it against PyTorch with onnxruntime.

The graph takes one clip, ``skeletons`` ``(N, M, T, V, C)`` for a GCN or ``heatmaps``
``(N, C, T, H, W)`` for PoseC3D (batch ``N`` and frames ``T`` dynamic, and a heatmap volume's
``H``, ``W``), and returns the raw class scores ``(N, num_classes)``; the test pipeline
(normalisation, features or heatmaps, frame sampling) and the averaging over clips and mirror
images stay outside, in the caller.

    python tools/deployment/export_onnx.py CONFIG CKPT OUT.onnx [--clip-len 100] [--num-person 2]
        [--img-size 64]
"""
import argparse
import io
import sys
from typing import Dict, Optional, Tuple

import numpy as np
import torch
from torch import nn

from stgcn_kit.apis import init_recognizer, is_heatmap_model, model_layout
from stgcn_kit.apis.cli import add_trust_argument, report_errors
from stgcn_kit.apis.inference import test_pipeline_cfg
from stgcn_kit.skeleton import get_layout
from stgcn_kit.utils import atomic_open

OPSET = 17


class ClipScores(nn.Module):
    """One clip per sample -> class scores ``(N, num_classes)`` of a recognizer: skeletons
    ``(N, M, T, V, C)``, or with ``heatmaps`` one view ``(N, C, T, H, W)`` of a heatmap
    recognizer (which takes ``(N, views, C, T, H, W)``)."""

    def __init__(self, recognizer: nn.Module, heatmaps: bool = False) -> None:
        super().__init__()
        self.recognizer = recognizer
        self.heatmaps = heatmaps

    def forward(self, clip: torch.Tensor) -> torch.Tensor:
        if self.heatmaps:
            clip = clip.unsqueeze(1)
        return self.recognizer.extract_scores(clip, num_clips=1)


def _clip_len(cfg) -> Optional[int]:
    sampled = [t for t in test_pipeline_cfg(cfg) if 'clip_len' in t]
    return sampled[0]['clip_len'] if sampled else None


def input_shape(cfg, clip_len: int = None, num_person: int = None) -> Tuple[int, ...]:
    """``(M, T, V, C)`` of one clip: ``T`` from the test pipeline's ``clip_len`` (else 100),
    ``M`` from the backbone's ``num_person`` (else 2), unless given."""
    backbone = cfg.model.backbone
    clip_len = clip_len or _clip_len(cfg) or 100
    num_person = num_person or backbone.get('num_person', 2)
    return (num_person, clip_len, get_layout(model_layout(cfg)).num_node,
            backbone.get('in_channels', 3))


def heatmap_shape(cfg, clip_len: int = None, img_size: int = None) -> Tuple[int, ...]:
    """``(C, T, H, W)`` of one view of a heatmap (PoseC3D) config: ``C`` the backbone's
    ``in_channels``, ``T`` the test pipeline's ``clip_len``, ``H``, ``W`` its last
    ``CenterCrop``'s ``crop_size`` or ``Resize(keep_ratio=False)``'s ``scale`` (both ``(w, h)``
    or one int), unless given."""
    clip_len = clip_len or _clip_len(cfg)
    if img_size is None:
        for t in test_pipeline_cfg(cfg):
            if t['type'] == 'CenterCrop':
                img_size = t['crop_size']
            elif t['type'] == 'Resize' and t.get('keep_ratio') is False:
                img_size = t['scale']
    if clip_len is None or img_size is None:
        raise ValueError(f'{cfg.filename}: the test pipeline gives no clip_len or image size; '
                         f'pass --clip-len and --img-size')
    h, w = (img_size, img_size) if np.ndim(img_size) == 0 else tuple(img_size)[::-1]
    return (cfg.model.backbone.get('in_channels', 17), clip_len, int(h), int(w))


def export(model: nn.Module, shape: Tuple[int, ...], out: str, heatmaps: bool = False) -> bytes:
    """Trace ``model`` on a ``(2,) + shape`` input and write the ONNX file ``out`` atomically."""
    example = torch.randn((2,) + tuple(shape))
    name = 'heatmaps' if heatmaps else 'skeletons'
    dynamic = {0: 'batch', 2: 'frames'}
    if heatmaps:
        dynamic.update({3: 'height', 4: 'width'})
    buffer = io.BytesIO()
    torch.onnx.export(ClipScores(model, heatmaps).eval(), (example,), buffer, dynamo=False,
                      input_names=[name], output_names=['scores'], opset_version=OPSET,
                      dynamic_axes={name: dynamic, 'scores': {0: 'batch'}})
    with atomic_open(out, 'wb') as f:
        f.write(buffer.getvalue())
    return buffer.getvalue()


@torch.no_grad()
def compare(model: nn.Module, onnx_bytes: bytes, shape: Tuple[int, ...], seed: int = 0,
            heatmaps: bool = False) -> Dict[Tuple[int, ...], float]:
    """Max absolute difference between PyTorch and onnxruntime scores on random inputs of the
    exported shape and of other batch sizes and frame counts (the dynamic axes; heatmap
    volumes also at another image size)."""
    import onnxruntime
    session = onnxruntime.InferenceSession(onnx_bytes, providers=['CPUExecutionProvider'])
    rng = np.random.default_rng(seed)
    t = shape[1]  # frames: (M, T, V, C) or (C, T, H, W)
    shapes = [(2,) + shape, (1, shape[0], max(4, t // 2)) + shape[2:],
              (3, shape[0], t + 8) + shape[2:]]
    if heatmaps:
        shapes.append((1,) + shape[:2] + (shape[2] + 8, shape[3] + 16))
    diffs = {}
    for x_shape in shapes:
        x = rng.standard_normal(x_shape).astype(np.float32)
        expected = ClipScores(model, heatmaps).eval()(torch.from_numpy(x)).numpy()
        got = session.run(None, {session.get_inputs()[0].name: x})[0]
        diffs[x.shape] = float(np.abs(expected - got).max())
    return diffs


@report_errors
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('out', help='the .onnx file to write')
    parser.add_argument('--clip-len', type=int, help='frames of the example input (default: '
                                                     'the test pipeline\'s clip_len)')
    parser.add_argument('--num-person', type=int, help='people per clip (default: the '
                                                       'backbone\'s num_person)')
    parser.add_argument('--img-size', type=int, help='heatmap height and width of the example '
                                                     'input (PoseC3D; default: the test '
                                                     'pipeline\'s crop or resize)')
    add_trust_argument(parser)
    args = parser.parse_args()
    model = init_recognizer(args.config, args.checkpoint, device='cpu',
                            trust_pickle=args.trust_pickle)
    heatmaps = is_heatmap_model(model.cfg)
    if heatmaps:
        shape = heatmap_shape(model.cfg, args.clip_len, args.img_size)
        described = 'heatmaps (N, {}) with dynamic N, T, H and W'
    else:
        shape = input_shape(model.cfg, args.clip_len, args.num_person)
        described = 'skeletons (N, {}) with dynamic N and T'
    onnx_bytes = export(model, shape, args.out, heatmaps)
    print(f'{args.out}: input {described.format(", ".join(map(str, shape)))}, output scores '
          f'(N, num_classes)')
    diffs = compare(model, onnx_bytes, shape, heatmaps=heatmaps)
    for x_shape, diff in diffs.items():
        print(f'input {x_shape}: max abs difference onnxruntime vs PyTorch {diff:.2e}')
    if max(diffs.values()) > 1e-4:
        sys.exit(f'error: onnxruntime differs from PyTorch by {max(diffs.values()):.2e} > 1e-4')


if __name__ == '__main__':
    main()

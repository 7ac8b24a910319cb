"""Export a recognizer to ONNX and check it against PyTorch with onnxruntime.

The graph takes one clip ``(N, M, T, V, C)`` (batch ``N`` and frames ``T`` dynamic) and returns
the raw class scores ``(N, num_classes)``; the test pipeline (normalisation, features, frame
sampling) and the averaging over clips stay outside, in the caller.

    python tools/deployment/export_onnx.py CONFIG CKPT OUT.onnx [--clip-len 100] [--num-person 2]
"""
import argparse
import io
import sys
from typing import Dict, Tuple

import numpy as np
import torch
from torch import nn

from stgcn_kit.apis import init_recognizer, model_layout
from stgcn_kit.apis.cli import add_trust_argument, report_errors
from stgcn_kit.apis.inference import test_pipeline_cfg
from stgcn_kit.skeleton import get_layout
from stgcn_kit.utils import atomic_open

OPSET = 17


class ClipScores(nn.Module):
    """``(N, M, T, V, C)`` -> class scores ``(N, num_classes)`` of a recognizer, one clip per
    sample."""

    def __init__(self, recognizer: nn.Module) -> None:
        super().__init__()
        self.recognizer = recognizer

    def forward(self, skeletons: torch.Tensor) -> torch.Tensor:
        return self.recognizer.extract_scores(skeletons, num_clips=1)


def input_shape(cfg, clip_len: int = None, num_person: int = None) -> Tuple[int, ...]:
    """``(M, T, V, C)`` of one clip: ``T`` from the test pipeline's ``clip_len`` (else 100),
    ``M`` from the backbone's ``num_person`` (else 2), unless given."""
    backbone = cfg.model.backbone
    if clip_len is None:
        sampled = [t for t in test_pipeline_cfg(cfg) if 'clip_len' in t]
        clip_len = sampled[0]['clip_len'] if sampled else 100
    num_person = num_person or backbone.get('num_person', 2)
    return (num_person, clip_len, get_layout(model_layout(cfg)).num_node,
            backbone.get('in_channels', 3))


def export(model: nn.Module, shape: Tuple[int, ...], out: str) -> bytes:
    """Trace ``model`` on a ``(2,) + shape`` input and write the ONNX file ``out`` atomically."""
    example = torch.randn((2,) + tuple(shape))
    buffer = io.BytesIO()
    torch.onnx.export(ClipScores(model).eval(), (example,), buffer, dynamo=False,
                      input_names=['skeletons'], output_names=['scores'], opset_version=OPSET,
                      dynamic_axes={'skeletons': {0: 'batch', 2: 'frames'},
                                    'scores': {0: 'batch'}})
    with atomic_open(out, 'wb') as f:
        f.write(buffer.getvalue())
    return buffer.getvalue()


@torch.no_grad()
def compare(model: nn.Module, onnx_bytes: bytes, shape: Tuple[int, ...],
            seed: int = 0) -> Dict[Tuple[int, ...], float]:
    """Max absolute difference between PyTorch and onnxruntime scores on random inputs of the
    exported shape and of other batch sizes and frame counts (the dynamic axes)."""
    import onnxruntime
    session = onnxruntime.InferenceSession(onnx_bytes, providers=['CPUExecutionProvider'])
    rng = np.random.default_rng(seed)
    m, t, v, c = shape
    diffs = {}
    for batch, frames in ((2, t), (1, max(4, t // 2)), (3, t + 8)):
        x = rng.standard_normal((batch, m, frames, v, c)).astype(np.float32)
        expected = ClipScores(model).eval()(torch.from_numpy(x)).numpy()
        got = session.run(None, {'skeletons': x})[0]
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
    add_trust_argument(parser)
    args = parser.parse_args()
    model = init_recognizer(args.config, args.checkpoint, device='cpu',
                            trust_pickle=args.trust_pickle)
    shape = input_shape(model.cfg, args.clip_len, args.num_person)
    onnx_bytes = export(model, shape, args.out)
    print(f'{args.out}: input skeletons (N, {", ".join(map(str, shape))}) with dynamic N and '
          f'T, output scores (N, num_classes)')
    diffs = compare(model, onnx_bytes, shape)
    for x_shape, diff in diffs.items():
        print(f'input {x_shape}: max abs difference onnxruntime vs PyTorch {diff:.2e}')
    if max(diffs.values()) > 1e-4:
        sys.exit(f'error: onnxruntime differs from PyTorch by {max(diffs.values()):.2e} > 1e-4')


if __name__ == '__main__':
    main()

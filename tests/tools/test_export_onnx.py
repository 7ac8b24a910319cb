"""ONNX export of a tiny ST-GCN checked against PyTorch with onnxruntime."""
import onnx
import pytest
import torch
from inference_helpers import REPO, run_script, save_random_checkpoint, write_tiny_config

from stgcn_kit.apis import init_recognizer

TOOL = 'tools/deployment/export_onnx.py'


@pytest.fixture
def tiny(tmp_path):
    config = write_tiny_config(tmp_path, 'coco', num_classes=5, clip_len=12)
    return config, save_random_checkpoint(config, tmp_path / 'w.pth')


def _export_module():
    import importlib.util
    spec = importlib.util.spec_from_file_location('export_onnx', REPO / TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_clip_scores_are_the_recognizer_scores(tiny):
    export = _export_module()
    model = init_recognizer(tiny[0], tiny[1], 'cpu')
    assert export.input_shape(model.cfg) == (2, 12, 17, 3)
    x = torch.randn(3, 2, 12, 17, 3)
    with torch.no_grad():
        by_head = model.cls_head(model.backbone(x))
        torch.testing.assert_close(export.ClipScores(model)(x), by_head)


def test_export_matches_pytorch_with_dynamic_batch_and_frames(tiny, tmp_path, capsys):
    out = tmp_path / 'm.onnx'
    code = run_script(TOOL, tiny[0], tiny[1], out, '--clip-len', 12)
    printed = capsys.readouterr().out
    assert code == 0, printed
    graph = onnx.load(str(out)).graph
    dims = [d.dim_param or d.dim_value for d in graph.input[0].type.tensor_type.shape.dim]
    assert dims == ['batch', 2, 'frames', 17, 3]
    diffs = [float(line.rsplit(' ', 1)[1]) for line in printed.splitlines()
             if 'max abs difference' in line]
    assert len(diffs) == 3 and max(diffs) <= 1e-4

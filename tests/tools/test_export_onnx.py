"""ONNX export of a tiny ST-GCN and of tiny PoseC3D recognizers (X3D, C3D, SlowOnly) checked
against PyTorch with onnxruntime."""
import numpy as np
import onnx
import pytest
import torch
from inference_helpers import (
    REPO,
    TINY_3D_BACKBONES,
    run_script,
    save_random_checkpoint,
    write_tiny_config,
    write_tiny_posec3d_config,
)
from mmengine.dataset import Compose

from stgcn_kit.apis import inference_recognizer, init_recognizer

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


@pytest.mark.parametrize('backbone', sorted(TINY_3D_BACKBONES))
def test_posec3d_export_gives_the_recognizers_scores(backbone, tmp_path, capsys):
    """The exported graph on the views of a sample, drawn by the config's test pipeline from
    real-sized 2D poses, softmax-averaged, equals what inference_recognizer says."""
    import onnxruntime
    config = write_tiny_posec3d_config(tmp_path, backbone, num_classes=5, clip_len=8,
                                       num_clips=2, size=32)
    checkpoint = save_random_checkpoint(config, tmp_path / 'w.pth')
    out = tmp_path / 'm.onnx'
    code = run_script(TOOL, config, checkpoint, out)
    printed = capsys.readouterr().out
    assert code == 0, printed
    dims = [d.dim_param or d.dim_value
            for d in onnx.load(str(out)).graph.input[0].type.tensor_type.shape.dim]
    assert dims == ['batch', 17, 'frames', 'height', 'width']
    diffs = [float(line.rsplit(' ', 1)[1]) for line in printed.splitlines()
             if 'max abs difference' in line]
    assert len(diffs) == 4 and max(diffs) <= 1e-4

    rng = np.random.default_rng(0)
    record = dict(frame_dir='x', label=-1, img_shape=(480, 640), total_frames=30,
                  keypoint=(rng.random((1, 30, 17, 2)) * [640, 480]).astype(np.float32),
                  keypoint_score=rng.random((1, 30, 17)).astype(np.float32))
    model = init_recognizer(config, checkpoint, 'cpu')
    views = Compose(model.cfg.test_pipeline)(dict(record))['inputs'].numpy()
    assert views.shape == (4, 17, 8, 32, 32)  # 2 clips, each mirrored
    session = onnxruntime.InferenceSession(str(out), providers=['CPUExecutionProvider'])
    scores = session.run(None, {'heatmaps': views})[0]
    with torch.no_grad():  # the recognizer's own path over (N, views, C, T, H, W)
        by_recognizer = model.extract_scores(torch.from_numpy(views)[None]).numpy()
    # random tiny models' scores vary little with the input: compare tightly
    np.testing.assert_allclose(scores, by_recognizer, rtol=0, atol=1e-5)
    probs = np.exp(scores - scores.max(1, keepdims=True))
    probs = (probs / probs.sum(1, keepdims=True)).mean(0)
    expected = inference_recognizer(model, record).pred_score
    np.testing.assert_allclose(probs, expected, rtol=0, atol=1e-6)

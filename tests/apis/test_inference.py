"""Inference on a real NW-UCLA sequence with a tiny random ST-GCN, against the recognizer run
by hand (mmengine Compose, extract_scores, softmax) and a brute-force response loop."""
import json

import numpy as np
import pytest
import torch
from inference_helpers import save_random_checkpoint, write_tiny_config
from mmengine.dataset import Compose
from mmengine.registry import init_default_scope

from stgcn_kit.apis import inference_recognizer, init_recognizer, load_label_map
from stgcn_kit.errors import ConfigError

NAMES = ['pick up with one hand', 'pick up with two hands', 'drop trash', 'walk around']


@pytest.fixture
def sequence(shared_data):
    path = shared_data / 'nw-ucla' / 'all_sqe' / 'a01_s01_e00_v01.json'
    return np.array(json.loads(path.read_text())['skeletons'], np.float32)[None]  # (1, T, 20, 3)


@pytest.fixture
def model(tmp_path):
    config = write_tiny_config(tmp_path, 'nw-ucla', num_classes=4, clip_len=16, num_clips=3,
                               label_names=NAMES)
    return init_recognizer(config, save_random_checkpoint(config, tmp_path / 'w.pth'), 'cpu')


def _by_hand(model, sequence):
    """Class probabilities averaged over clips, without the inference API."""
    init_default_scope('stgcn_kit')
    packed = Compose(model.cfg.test_pipeline)(dict(
        frame_dir='x', label=-1, keypoint=sequence.copy(), total_frames=sequence.shape[1]))
    num_clips = packed['data_samples'].num_clips
    with torch.no_grad():
        scores = model.extract_scores(packed['inputs'][None], num_clips)
    return scores.softmax(-1).mean(0).numpy()


def test_scores_and_topk_names(model, sequence):
    result = inference_recognizer(model, sequence, topk=3)
    expected = _by_hand(model, sequence)
    np.testing.assert_allclose(result.pred_score, expected, rtol=1e-5, atol=1e-6)
    order = np.argsort(-expected)[:3]
    assert [i for i, _, _ in result.topk] == list(order)
    assert [name for _, name, _ in result.topk] == [NAMES[i] for i in order]
    assert [s for _, _, s in result.topk] == pytest.approx(expected[order].tolist())
    assert result.response is None


def test_record_input_equals_array_input(model, sequence):
    record = dict(frame_dir='a01', keypoint=sequence, total_frames=sequence.shape[1])
    np.testing.assert_allclose(inference_recognizer(model, record).pred_score,
                               inference_recognizer(model, sequence).pred_score)


def test_checkpoint_weights_are_loaded(model, tmp_path):
    state = torch.load(tmp_path / 'w.pth', weights_only=True)['state_dict']
    for name, value in model.state_dict().items():
        torch.testing.assert_close(value, state[name])


def test_response_matches_a_brute_force_loop(model, sequence):
    t = sequence.shape[1]
    result = inference_recognizer(model, sequence, with_response=True)
    assert result.response.shape == (1, t, 20) and (result.response >= 0).all()
    # by hand: backbone output per clip, channel norm, linear stretch to clip_len, placed at
    # the sampled frames and averaged where clips meet
    init_default_scope('stgcn_kit')
    results = dict(frame_dir='x', label=-1, keypoint=sequence.copy(), total_frames=t)
    for transform in Compose(model.cfg.test_pipeline).transforms[:-1]:
        results = transform(results)
    inds, clip_len = results['frame_inds'], results['clip_len']
    assert results['total_frames'] == t  # no frame of this sequence is empty
    with torch.no_grad():
        x = torch.from_numpy(results['keypoint']).reshape(3, 1, clip_len, 20, 3)
        norm = model.backbone(x).norm(dim=2).numpy()  # (clips, 1, T', V)
    sums, counts = {}, {}
    for clip in range(3):
        for i in range(clip_len):
            pos = i * (norm.shape[2] - 1) / (clip_len - 1)
            low = int(np.floor(pos))
            high = min(low + 1, norm.shape[2] - 1)
            value = norm[clip, 0, low] * (1 - (pos - low)) + norm[clip, 0, high] * (pos - low)
            frame = int(inds[clip * clip_len + i]) % t
            sums[frame] = sums.get(frame, 0) + value
            counts[frame] = counts.get(frame, 0) + 1
    for frame in sums:
        np.testing.assert_allclose(result.response[0, frame], sums[frame] / counts[frame],
                                   rtol=1e-4, atol=1e-5)


def test_bad_inputs_are_named(model, sequence, tmp_path):
    with pytest.raises(ValueError, match='20 joints|25 joints, the layout has 20'):
        inference_recognizer(model, np.zeros((1, 10, 25, 3), np.float32))
    with pytest.raises(ValueError, match=r'keypoint must be \(M, T, V, C\)'):
        inference_recognizer(model, sequence[0])
    model.label_names = NAMES[:3]
    with pytest.raises(ValueError, match='label map names 3 classes, the model scores 4'):
        inference_recognizer(model, sequence)


def test_checkpoint_errors(tmp_path):
    config = write_tiny_config(tmp_path, 'nw-ucla')
    with pytest.raises(ValueError, match='nope.pth: no such checkpoint'):
        init_recognizer(config, str(tmp_path / 'nope.pth'), 'cpu')
    other = write_tiny_config(tmp_path, 'coco')
    with pytest.raises(ValueError, match='does not fit the config'):
        init_recognizer(config, save_random_checkpoint(other, tmp_path / 'coco.pth'), 'cpu')


def test_a_foreign_checkpoint_gives_its_weights_and_a_warning(tmp_path):
    # mmengine's own runner pickles its message hub through builtins.getattr: not weights
    from mmengine.logging import MessageHub
    config = write_tiny_config(tmp_path, 'nw-ucla')
    path = save_random_checkpoint(config, tmp_path / 'w.pth')
    ckpt = torch.load(path, weights_only=True)
    hub = MessageHub(f'foreign_{tmp_path.name}')
    hub.update_scalar('train/loss', 1.0)
    torch.save(dict(ckpt, message_hub=hub.state_dict()), tmp_path / 'foreign.pth')
    with pytest.warns(UserWarning, match='foreign.pth: skipped the entries message_hub'):
        model = init_recognizer(config, tmp_path / 'foreign.pth', 'cpu')
    for key, value in ckpt['state_dict'].items():
        assert torch.equal(model.state_dict()[key], value), key


@pytest.mark.skipif(torch.cuda.is_available(), reason='this machine has a GPU')
def test_cuda_without_gpu_is_refused(tmp_path):
    with pytest.raises(ValueError, match='no CUDA GPU'):
        init_recognizer(write_tiny_config(tmp_path, 'nw-ucla'), device='cuda')


def test_label_map_file(tmp_path):
    (tmp_path / 'l.txt').write_text('a\nb\n\n')
    assert load_label_map(str(tmp_path / 'l.txt')) == ['a', 'b']
    (tmp_path / 'l.txt').write_text('a\n\nb\n')
    with pytest.raises(ValueError, match='one non-empty class name per line'):
        load_label_map(str(tmp_path / 'l.txt'))


def test_an_unknown_model_type_is_a_config_error_naming_the_file(tmp_path):
    config = tmp_path / 'c.py'
    config.write_text("model = dict(type='RecognizerGCM')\n")
    with pytest.raises(ConfigError, match="c.py: unknown type 'RecognizerGCM' .*did you mean "
                                          "'RecognizerGCN'"):
        init_recognizer(str(config), device='cpu')


def test_posec3d_layout_comes_from_the_test_dataset_else_coco():
    from stgcn_kit.apis import is_heatmap_model, model_layout
    from stgcn_kit.utils.config import read_config
    ucla = read_config('configs/posec3d/x3d_shallow_nwucla_cpu/limb.py')
    ntu = read_config('configs/posec3d/slowonly_r50_ntu60_xsub/limb.py')
    assert is_heatmap_model(ucla) and is_heatmap_model(ntu)
    assert model_layout(ucla) == 'nw-ucla' and model_layout(ntu) == 'coco'


def test_posec3d_on_2d_pixels_skips_the_projection(sequence):
    """PoseC3D's NW-UCLA config reads 3D camera-space skeletons through PinholeProject; the
    same poses already projected to pixels (as a 2D pose backend gives them) skip it and get
    the same scores, and a GCN-only option is refused with the config named."""
    from stgcn_kit.datasets.transforms import PinholeProject
    from stgcn_kit.utils.config import read_config
    cfg = read_config('configs/posec3d/x3d_shallow_nwucla_cpu/joint.py')
    torch.manual_seed(0)
    model = init_recognizer(cfg, device='cpu')
    projected = PinholeProject()(dict(keypoint=sequence.copy()))
    from_3d = inference_recognizer(model, sequence)
    from_2d = inference_recognizer(model, dict(keypoint=projected['keypoint'],
                                               keypoint_score=projected['keypoint_score']),
                                   img_shape=projected['img_shape'])
    np.testing.assert_allclose(from_2d.pred_score, from_3d.pred_score, rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match='joint.py: joint responses need a GCN'):
        inference_recognizer(model, sequence, with_response=True)

import itertools
import pickle

import numpy as np
import pytest
import torch
from mmengine.dataset import default_collate
from mmengine.runner import Runner

from stgcn_kit.apis.test import calibration_inputs, configure_testing, run_test
from stgcn_kit.apis.train import configure_training, train_model
from stgcn_kit.engine import build_runner, cpu_amp, load_checkpoint_file
from stgcn_kit.errors import ConfigError
from stgcn_kit.registry import DATASETS, MODELS


@pytest.fixture
def trained(tiny_cfg, tmp_path):
    train_model(configure_training(tiny_cfg()), work_dir=str(tmp_path / 'work'))
    return tmp_path / 'work' / 'epoch_1.pth'


def test_out_holds_clip_averaged_probabilities_per_sample(tiny_cfg, tiny_nwucla, trained,
                                                          tmp_path):
    cfg = configure_testing(tiny_cfg(), str(trained), eval_metrics=['top_k_accuracy'],
                            out=str(tmp_path / 'result.pkl'),
                            dump_confusion=str(tmp_path / 'cm.npy'))
    metrics = run_test(cfg, work_dir=str(tmp_path / 'test'))
    with open(tmp_path / 'result.pkl', 'rb') as f:
        records = pickle.load(f)
    with open(tiny_nwucla, 'rb') as f:
        annotation = pickle.load(f)
    labels = {a['frame_dir']: a['label'] for a in annotation['annotations']}
    assert [r['frame_dir'] for r in records] == annotation['split']['val']
    assert all(type(r['gt_label']) is int and r['gt_label'] == labels[r['frame_dir']]
               for r in records)
    scores = np.stack([r['pred_score'] for r in records])
    assert scores.dtype == np.float32 and scores.shape == (10, 10)
    assert np.allclose(scores.sum(1), 1, atol=1e-5)
    hits = [r['gt_label'] == r['pred_score'].argmax() for r in records]
    assert metrics['acc/top1'] == pytest.approx(np.mean(hits))
    cm = np.load(tmp_path / 'cm.npy')
    assert cm.sum() == 10 and np.trace(cm) == sum(hits)

    # the first sample again, by hand: 10 clips through the model, softmax, mean
    model = MODELS.build(tiny_cfg().model).eval()
    model.load_state_dict(load_checkpoint_file(trained)['state_dict'])
    sample = DATASETS.build(tiny_cfg().test_dataloader.dataset)[0]
    with torch.no_grad():
        data = model.data_preprocessor(default_collate([sample]), False)
        clip_scores = model(data['inputs'], data['data_samples'], mode='tensor')
    assert clip_scores.shape == (10, 10)
    assert np.allclose(records[0]['pred_score'], clip_scores.softmax(-1).mean(0).numpy(),
                       atol=1e-5)


def test_without_anything_to_compute_it_exits(tiny_cfg):
    cfg = tiny_cfg(test_evaluator=[])
    with pytest.raises(ConfigError, match='nothing to compute'):
        configure_testing(cfg, 'x.pth')


@pytest.mark.parametrize('option', [dict(out='r.json'), dict(dump_confusion='cm.txt')])
def test_unsupported_output_suffixes_exit_with_one_line(tiny_cfg, option):
    with pytest.raises(ConfigError, match='.pkl or .pickle|.npy or .png'):
        configure_testing(tiny_cfg(), 'x.pth', **option)


def test_calibration_reads_the_training_split_through_the_test_pipeline(tiny_cfg, tmp_path):
    cfg = tiny_cfg()
    runner = build_runner(cfg, str(tmp_path / 'work'))
    inputs = calibration_inputs(runner, cfg, 100)
    # 30 training sequences (the test split has 10) in batches of the test loader's 2
    assert len(inputs) == 15
    test_batch = next(itertools.islice(Runner.build_dataloader(cfg.test_dataloader), 1))
    expected = runner.model.data_preprocessor(test_batch, False)['inputs']
    assert inputs[0].shape == expected.shape  # 10 test-time clips per sample


def test_average_clips_prob_and_score_are_means_of_the_per_clip_scores(tiny_cfg, trained,
                                                                       tmp_path):
    def scores(mode):
        out = tmp_path / f'{mode}.pkl'
        run_test(configure_testing(tiny_cfg(), str(trained), out=str(out), average_clips=mode),
                 work_dir=str(tmp_path / mode))
        with open(out, 'rb') as f:
            return np.stack([r['pred_score'] for r in pickle.load(f)])

    clips = torch.from_numpy(scores('none'))
    assert clips.shape == (10, 10, 10)  # samples, clips (the tiny test pipeline's 10), classes
    assert np.allclose(scores('score'), clips.mean(1).numpy(), atol=1e-5)
    assert np.allclose(scores('prob'), clips.softmax(-1).mean(1).numpy(), atol=1e-5)


def test_average_clips_none_only_dumps(tiny_cfg):
    cfg = configure_testing(tiny_cfg(), 'x.pth', out='r.pkl', average_clips='none')
    assert cfg.model.test_cfg.average_clips is None
    assert [e['type'] for e in cfg.test_evaluator] == ['DumpScores']
    for extra in (dict(), dict(out='r.pkl', eval_metrics=['top_k_accuracy'])):
        with pytest.raises(ConfigError, match='--average-clips none'):
            configure_testing(tiny_cfg(), 'x.pth', average_clips='none', **extra)


@pytest.mark.skipif(cpu_amp.cpu_bf16_units() is None or torch.cuda.is_available(),
                    reason='needs a CPU with bfloat16 units (AVX512-BF16 or AMX) and no CUDA')
def test_amp_tests_in_bf16_with_the_float32_scores_rounded(tiny_cfg, trained, tmp_path,
                                                           monkeypatch):
    """--amp on such a CPU: the test loop autocasts (the model's convolutions run in
    bfloat16, seen by a hook) and the scores are the float32 ones within bfloat16 rounding."""
    def scores(amp):
        out = tmp_path / f'{amp}.pkl'
        cfg = configure_testing(tiny_cfg(), str(trained), out=str(out), average_clips='score',
                                amp=amp)
        run_test(cfg, work_dir=str(tmp_path / str(amp)))
        with open(out, 'rb') as f:
            return np.stack([r['pred_score'] for r in pickle.load(f)])

    dtypes = set()
    original = torch.nn.Conv2d.forward
    monkeypatch.setattr(torch.nn.Conv2d, 'forward',
                        lambda self, x: dtypes.add(original(self, x).dtype) or original(self, x))
    full = scores(False)
    assert dtypes == {torch.float32}
    dtypes.clear()
    half = scores(True)
    assert dtypes == {torch.bfloat16}
    np.testing.assert_allclose(half, full, rtol=0.05, atol=0.05 * np.abs(full).max())


@pytest.mark.parametrize('units', ['AVX512-BF16', None])
def test_amp_configures_the_test_loop_where_the_cpu_has_bf16(tiny_cfg, monkeypatch, capsys,
                                                             tmp_path, units):
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: False)
    monkeypatch.setattr(cpu_amp, 'cpu_bf16_units', lambda: units)
    torch.save({'meta': {}}, tmp_path / 'w.pth')
    cfg = configure_testing(tiny_cfg(), str(tmp_path / 'w.pth'), amp=True)
    assert cfg.test_cfg.get('fp16', False) is (units is not None)
    assert ('running float32' in capsys.readouterr().out) is (units is None)

"""The PoseC3D pipeline-rate helpers: synthetic NTU-sized poses, the configs' training
pipelines, ours against a (stand-in) PYSKL checkout."""
import numpy as np
import pytest
from benchmarking import heatmaps, pyskl

PIPELINE = ['UniformSampleFrames', 'PoseDecode', 'PoseCompact', 'Resize', 'RandomResizedCrop',
            'Resize', 'Flip', 'GeneratePoseTarget', 'FormatShape', 'PackActionInputs']


def test_synthetic_records_look_like_ntu_hrnet_annotations():
    records = heatmaps.synthetic_records(5, seed=3)
    assert len(records) == 5
    for r in records:
        m, t, v, c = r['keypoint'].shape
        assert (m, v, c) == (2, 17, 2) and 100 <= t <= 150 and r['total_frames'] == t
        assert r['keypoint'].dtype == np.float32 and r['keypoint_score'].shape == (2, t, 17)
        assert r['img_shape'] == (1080, 1920)
        assert 0.4 <= r['keypoint_score'].min() and r['keypoint_score'].max() < 1
        # people of a few hundred pixels, inside the frame, the nose above the ankles
        kp = r['keypoint']
        assert 0 < kp[..., 0].min() and kp[..., 0].max() < 1920
        assert 0 < kp[..., 1].min() and kp[..., 1].max() < 1080
        height = kp[:, :, 15:, 1].mean() - kp[:, :, 0, 1].mean()
        assert 300 < height < 700
        # they move: wrists swing more than hips
        assert kp[:, :, 9].std(1).mean() > kp[:, :, 11].std(1).mean()
    again = heatmaps.synthetic_records(5, seed=3)
    assert all(np.array_equal(a['keypoint'], b['keypoint']) for a, b in zip(records, again))
    assert '5 synthetic samples' in heatmaps.describe(records)


def test_pipelines_of_a_model_are_its_keypoint_and_limb_training_pipelines():
    configs = heatmaps.pipeline_configs('C3D-light')
    assert set(configs) == {'keypoint', 'limb'}
    for kind, config in configs.items():
        transforms = heatmaps.train_transforms(config)
        assert [t['type'] for t in transforms] == PIPELINE
        target = transforms[PIPELINE.index('GeneratePoseTarget')]
        assert target['with_kp'] == (kind == 'keypoint') and target['with_limb'] == (
            kind == 'limb')
    assert heatmaps.pipeline_configs('my_config.py') == dict(config='my_config.py')


def test_fixed_crop_and_flip_changes_only_those():
    transforms = heatmaps.train_transforms(heatmaps.pipeline_configs('X3D-shallow')['keypoint'])
    fixed = heatmaps.fixed_crop_and_flip(transforms)
    changed = [(a, b) for a, b in zip(transforms, fixed) if a != b]
    assert [a['type'] for a, _ in changed] == ['RandomResizedCrop', 'Flip']
    assert changed[0][1]['area_range'] == (1., 1.) and changed[1][1]['flip_ratio'] == 1.
    assert transforms[PIPELINE.index('Flip')]['flip_ratio'] == 0.5  # the input is not changed


def _tiny(kind='keypoint'):
    transforms = heatmaps.train_transforms(heatmaps.pipeline_configs('X3D-shallow')[kind])
    for t in transforms:
        if t['type'] == 'UniformSampleFrames':
            t['clip_len'] = 4
    return transforms, heatmaps.synthetic_records(2, seed=0, frames=(10, 12))


def test_our_pipeline_alone_is_timed():
    transforms, records = _tiny()
    rates = heatmaps.compare_pipelines(transforms, records, rounds=2)
    assert set(rates) == {'stgcn_kit'} and rates['stgcn_kit'] > 0
    with pytest.raises(ValueError, match='no records'):
        heatmaps.compare_pipelines(transforms, [], rounds=1)


@pytest.mark.parametrize('kind', ['keypoint', 'limb'])
def test_pyskl_pipeline_is_checked_then_timed(kind, fake_pyskl, isolated_pyskl, capsys):
    transforms, records = _tiny(kind)
    rates = heatmaps.compare_pipelines(transforms, records, 1, pyskl.PysklCode(str(fake_pyskl)))
    assert set(rates) == {'pyskl', 'stgcn_kit'} and min(rates.values()) > 0
    assert 'same heatmaps as PYSKL' in capsys.readouterr().out


def test_different_heatmaps_are_not_timed(wrong_pyskl, isolated_pyskl):
    transforms, records = _tiny()
    with pytest.raises(ValueError, match='stgcn_kit differs from pyskl by up to 5.000e-01'):
        heatmaps.compare_pipelines(transforms, records, 1, pyskl.PysklCode(str(wrong_pyskl)))

"""read_config writes a config's top-level layout, feats and heatmap into every entry that needs
them."""
import copy
from pathlib import Path

import pytest
from mmengine.config import Config

from stgcn_kit.utils.config import apply_layout_and_feats, read_config

CONFIGS = Path(__file__).resolve().parents[2] / 'configs'


def _config(**top) -> Config:
    def pipeline():
        return [dict(type='PreNormalize3D', layout='nturgb+d'),
                dict(type='GenSkeFeat', dataset='nturgb+d', feats=['j']),
                dict(type='RandomRot'), dict(type='PackActionInputs')]
    return Config(dict(
        model=dict(backbone=dict(type='STGCN', graph_cfg=dict(mode='spatial'))),
        train_dataloader=dict(dataset=dict(type='RepeatDataset', times=2, dataset=dict(
            type='PoseDataset', num_node='nturgb+d', pipeline=pipeline()))),
        val_dataloader=dict(dataset=dict(type='PoseDataset', pipeline=pipeline())),
        test_dataloader=dict(dataset=dict(type='ConcatDataset', datasets=[
            dict(type='PoseDataset', pipeline=pipeline())])),
        test_pipeline=pipeline(), **top))


def _gen_feats(cfg: Config) -> list:
    inner = cfg.train_dataloader.dataset.dataset
    pipelines = [inner.pipeline, cfg.val_dataloader.dataset.pipeline,
                 cfg.test_dataloader.dataset.datasets[0].pipeline, cfg.test_pipeline]
    return [(t.dataset, t.feats) for p in pipelines for t in p if t.type == 'GenSkeFeat']


def test_layout_and_feats_reach_wrapped_datasets_model_and_top_level_pipelines():
    cfg = apply_layout_and_feats(_config(layout='coco', feats=['bm']))
    assert _gen_feats(cfg) == [('coco', ['bm'])] * 4
    assert cfg.val_dataloader.dataset.pipeline[0].layout == 'coco'  # transforms naming one
    assert 'layout' not in cfg.val_dataloader.dataset.pipeline[2]  # only those
    assert cfg.model.backbone.graph_cfg.layout == 'coco'
    assert cfg.train_dataloader.dataset.dataset.num_node == 'coco'
    assert 'num_node' not in cfg.val_dataloader.dataset  # only where a dataset checks it
    assert apply_layout_and_feats(copy.deepcopy(cfg)).to_dict() == cfg.to_dict()  # idempotent


def test_without_the_names_nothing_changes():
    cfg = _config()
    assert apply_layout_and_feats(copy.deepcopy(cfg)).to_dict() == cfg.to_dict()


def test_a_stream_leaf_reads_as_its_joint_config_with_its_stream():
    leaf = read_config(str(CONFIGS / 'stgcn' / 'stgcn_pyskl_ntu60_xsub_3d' / 'b.py'))
    train = leaf.train_dataloader.dataset.dataset.pipeline
    assert [t.feats for t in train if t.type == 'GenSkeFeat'] == [['b']]
    # mmengine alone leaves the joint config's stream in the pipelines
    raw = Config.fromfile(str(CONFIGS / 'stgcn' / 'stgcn_pyskl_ntu60_xsub_3d' / 'b.py'))
    assert [t.feats for t in raw.train_dataloader.dataset.dataset.pipeline
            if t.type == 'GenSkeFeat'] == [['j']]


@pytest.mark.parametrize('stream', ['j', 'b'])
def test_feats_can_come_from_the_command_line(stream):
    from argparse import Namespace

    from stgcn_kit.apis.cli import load_config
    cfg = load_config(Namespace(config=str(CONFIGS / 'stgcn' / 'stgcn_nwucla' / 'j.py'),
                                cfg_options={'feats': [stream]}, trust_pickle=False))
    assert [t.feats for t in cfg.test_dataloader.dataset.pipeline
            if t.type == 'GenSkeFeat'] == [[stream]]


def test_heatmap_can_come_from_the_command_line():
    from argparse import Namespace

    from stgcn_kit.apis.cli import load_config
    cfg = load_config(Namespace(config=str(CONFIGS / 'posec3d' / 'slowonly_r50_gym' / 'joint.py'),
                                cfg_options={'heatmap': 'limb'}, trust_pickle=False))
    assert [(t.with_kp, t.with_limb, len(t.skeletons)) for t in cfg.test_dataloader.dataset.pipeline
            if t.type == 'GeneratePoseTarget'] == [(False, True, 17)]


@pytest.mark.parametrize('seed,ours', [
    ('configs/skeleton/stgcn/stgcn_80e_ntu60_xsub_keypoint.py',
     'configs/stgcn/stgcn_mmaction2_ntu60_xsub_2d/j.py'),
    ('../pyskl/configs/stgcn/stgcn_pyskl_ntu60_xsub_3dkp/j.py',
     'configs/stgcn/stgcn_pyskl_ntu60_xsub_3d/j.py'),
    ('configs/stgcn++/stgcn++_ntu120_xset_3dkp/bm.py',
     'configs/stgcnpp/stgcnpp_pyskl_ntu120_xset_3d/bm.py'),
    ('config/st_gcn/kinetics-skeleton/train.yaml', 'configs/stgcn/stgcn_kinetics_skeleton/j.py'),
    ('configs/skeleton/stgcnpp/stgcnpp_8xb16-bone-motion-u100-80e_ntu60-xsub-keypoint-3d.py',
     'configs/stgcnpp/stgcnpp_pyskl_ntu60_xsub_3d/bm.py'),
])
def test_a_seed_name_fails_with_one_line_naming_our_config(seed, ours):
    with pytest.raises(FileNotFoundError) as err:
        read_config(seed)
    assert ours in str(err.value) and '\n' not in str(err.value)


def test_an_unknown_missing_config_is_a_plain_error():
    with pytest.raises(FileNotFoundError, match='no such config file'):
        read_config('configs/stgcn/stgcn_pyskl_ntu60_xsub_3dkp/jbm.py')


def _heatmap_config(**top) -> Config:
    target = dict(type='GeneratePoseTarget', with_kp=True, with_limb=False)
    flip = dict(target, double=True, left_kp=[1], right_kp=[2])
    return Config(dict(
        skeletons=[[0, 1], [0, 2]], left_limb=[0], right_limb=[1],
        train_dataloader=dict(dataset=dict(type='RepeatDataset', times=2, dataset=dict(
            type='PoseDataset', pipeline=[dict(type='Flip'), target]))),
        val_dataloader=dict(dataset=dict(type='PoseDataset', pipeline=[target])),
        test_dataloader=dict(dataset=dict(type='PoseDataset', pipeline=[flip])),
        test_pipeline=[flip], **top))


def test_limb_heatmap_reaches_every_target_and_mirrors_limbs_when_flip_testing():
    cfg = apply_layout_and_feats(_heatmap_config(heatmap='limb'))
    limb = dict(type='GeneratePoseTarget', with_kp=False, with_limb=True,
                skeletons=[[0, 1], [0, 2]])
    assert cfg.train_dataloader.dataset.dataset.pipeline == [dict(type='Flip'), limb]
    assert cfg.val_dataloader.dataset.pipeline == [limb]
    flip = dict(limb, double=True, left_kp=[1], right_kp=[2], left_limb=[0], right_limb=[1])
    for pipeline in (cfg.test_dataloader.dataset.pipeline, cfg.test_pipeline):
        assert pipeline == [flip]
        # in the order one would write it: limbs after with_limb, their mirror at the end
        assert list(pipeline[0]) == list(flip)
    assert apply_layout_and_feats(copy.deepcopy(cfg)).to_dict() == cfg.to_dict()


def test_keypoint_heatmap_undoes_limb_and_bad_values_are_named():
    cfg = _heatmap_config(heatmap='keypoint')
    cfg.val_dataloader.dataset.pipeline[0].update(with_kp=False, with_limb=True)
    apply_layout_and_feats(cfg)
    assert cfg.val_dataloader.dataset.pipeline[0].with_kp is True
    assert cfg.val_dataloader.dataset.pipeline[0].with_limb is False
    with pytest.raises(ValueError, match="heatmap must be one of"):
        apply_layout_and_feats(_heatmap_config(heatmap='limbs'))
    cfg = _heatmap_config(heatmap='limb').to_dict()
    del cfg['right_limb']
    with pytest.raises(ValueError, match=r"needs the top-level \['right_limb'\]"):
        apply_layout_and_feats(Config(cfg))

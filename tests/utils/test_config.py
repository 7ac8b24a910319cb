"""read_config is Config.fromfile: it changes nothing, refuses the top-level names older configs
had a reader copy into the model and pipelines, and answers a seed's config name with ours."""
from argparse import Namespace
from pathlib import Path

import pytest
from mmengine.config import Config

from stgcn_kit.apis.cli import load_config
from stgcn_kit.errors import ConfigError
from stgcn_kit.utils.config import check_retired_keys, read_config

CONFIGS = Path(__file__).resolve().parents[2] / 'configs'
NWUCLA_J = CONFIGS / 'stgcn' / 'stgcn_nwucla' / 'j.py'


def _gen_feats(cfg: Config) -> list:
    return [t.feats for t in cfg.test_dataloader.dataset.pipeline if t.type == 'GenSkeFeat']


def test_a_stream_leaf_read_by_mmengine_alone_is_its_stream():
    path = str(CONFIGS / 'stgcn' / 'stgcn_pyskl_ntu60_xsub_3d' / 'b.py')
    raw = Config.fromfile(path)
    assert [t.feats for t in raw.train_dataloader.dataset.dataset.pipeline
            if t.type == 'GenSkeFeat'] == [['b']]
    assert raw.model.backbone.graph_cfg.layout == 'nturgb+d'
    assert read_config(path).to_dict() == raw.to_dict()


def _write(tmp_path: Path, body: str) -> str:
    path = tmp_path / 'leaf.py'
    path.write_text(f"_base_ = [{str(NWUCLA_J)!r}]\n{body}\n")
    return str(path)


@pytest.mark.parametrize('body,key', [("feats = ['b']", 'feats'),
                                      ("heatmap = 'limb'", 'heatmap'),
                                      ("layout = 'coco'", 'layout')])
def test_an_old_style_leaf_is_refused_naming_its_key(tmp_path, body, key):
    # before, a reader copied these into the pipelines; read as written, the leaf would train
    # the joint stream on the NW-UCLA graph while saying otherwise
    with pytest.raises(ConfigError, match=f"top-level {key}|top-level '{key}'") as err:
        read_config(_write(tmp_path, body))
    assert 'leaf.py' in str(err.value)


def test_a_top_level_layout_equal_to_the_graphs_is_accepted(tmp_path):
    # configs written by older make_config versions state it beside graph_cfg.layout
    cfg = read_config(_write(tmp_path, "layout = 'nw-ucla'"))
    assert cfg.layout == cfg.model.backbone.graph_cfg.layout == 'nw-ucla'


@pytest.mark.parametrize('options', [{'feats': ['b']}, {'heatmap': 'limb'}, {'layout': 'coco'}])
def test_retired_keys_from_the_command_line_are_refused(options):
    with pytest.raises(ConfigError, match='no longer read'):
        load_config(Namespace(config=str(NWUCLA_J), cfg_options=options, trust_pickle=False))


def test_the_command_line_sets_entries_where_they_are():
    cfg = load_config(Namespace(config=str(NWUCLA_J), trust_pickle=False, cfg_options={
        'model.backbone.graph_cfg.layout': 'coco'}))
    assert cfg.model.backbone.graph_cfg.layout == 'coco'
    assert _gen_feats(cfg) == [['j']]  # nothing else follows


def test_a_top_level_layout_needs_a_graph_naming_it():
    check_retired_keys(Config(dict(model=dict(type='Recognizer3D'))))  # no graph, no names
    with pytest.raises(ConfigError, match="graph_cfg.layout is None"):
        check_retired_keys(Config(dict(layout='coco', model=dict(type='Recognizer3D'))))


@pytest.mark.parametrize('seed,ours', [
    ('configs/skeleton/stgcn/stgcn_80e_ntu60_xsub_keypoint.py',
     'configs/stgcn/stgcn_mmaction2_ntu60_xsub_2d/j.py'),
    ('../pyskl/configs/stgcn/stgcn_pyskl_ntu60_xsub_3dkp/j.py',
     'configs/stgcn/stgcn_pyskl_ntu60_xsub_3d/j.py'),
    ('configs/stgcn++/stgcn++_ntu120_xset_3dkp/bm.py',
     'configs/stgcnpp/stgcnpp_pyskl_ntu120_xset_3d/bm.py'),
    ('config/st_gcn/kinetics-skeleton/train.yaml', 'configs/stgcn/stgcn_kinetics_skeleton/j.py'),
    ('config/st_gcn/ntu-xview/test.yaml', 'configs/stgcn/stgcn_original_ntu60_xview_3d/j.py'),
    ('slowonly_r50_u48_240e_ntu60_xsub_limb',
     'configs/posec3d/slowonly_r50_u48_240e_ntu60_xsub_limb.py'),
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

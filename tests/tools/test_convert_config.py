"""tools/convert_config.py on a PYSKL-style config written here, an mmaction2 0.x one, and, when
STGCN_KIT_PYSKL points at a PYSKL checkout, on every PYSKL config of the families we support."""
import importlib.util
import os
from pathlib import Path

import pytest
from mmengine.config import Config

REPO = Path(__file__).resolve().parents[2]
PYSKL = os.environ.get('STGCN_KIT_PYSKL')
SUPPORTED = ('stgcn', 'stgcn++', 'aagcn', 'strong_aug', 'ctrgcn', 'msg3d',
             'dgstgcn')  # folders we can build

PYSKL_STYLE = """
model = dict(type='RecognizerGCN',
             backbone=dict(type='STGCN', gcn_adaptive='init', gcn_with_res=True, tcn_type='mstcn',
                           graph_cfg=dict(layout='coco', mode='spatial')),
             cls_head=dict(type='GCNHead', num_classes=7, in_channels=256))
dataset_type = 'PoseDataset'
ann_file = 'data/mine.pkl'
train_pipeline = [
    dict(type='PreNormalize2D'), dict(type='RandomScale', scale=0.1),
    dict(type='GenSkeFeat', dataset='coco', feats=['b']),
    dict(type='UniformSample', clip_len=48), dict(type='PoseDecode'),
    dict(type='FormatGCNInput', num_person=2),
    dict(type='Collect', keys=['keypoint', 'label'], meta_keys=[]),
    dict(type='ToTensor', keys=['keypoint'])]
test_pipeline = [
    dict(type='PreNormalize2D'), dict(type='GenSkeFeat', dataset='coco', feats=['b']),
    dict(type='UniformSample', clip_len=48, num_clips=10), dict(type='PoseDecode'),
    dict(type='FormatGCNInput', num_person=2),
    dict(type='Collect', keys=['keypoint', 'label'], meta_keys=[]),
    dict(type='ToTensor', keys=['keypoint'])]
data = dict(
    videos_per_gpu=12, workers_per_gpu=3, test_dataloader=dict(videos_per_gpu=1),
    train=dict(type='RepeatDataset', times=4,
               dataset=dict(type=dataset_type, ann_file=ann_file, pipeline=train_pipeline,
                            split='train')),
    val=dict(type=dataset_type, ann_file=ann_file, pipeline=test_pipeline, split='val'),
    test=dict(type=dataset_type, ann_file=ann_file, pipeline=test_pipeline, split='val'))
optimizer = dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=0.0005, nesterov=True)
optimizer_config = dict(grad_clip=dict(max_norm=20))
lr_config = dict(policy='CosineAnnealing', min_lr=0.001, by_epoch=False, warmup='linear',
                 warmup_iters=5, warmup_ratio=0.2, warmup_by_epoch=True)
total_epochs = 24
checkpoint_config = dict(interval=2)
evaluation = dict(interval=3, metrics=['top_k_accuracy', 'mean_class_accuracy'])
log_config = dict(interval=50, hooks=[dict(type='TextLoggerHook')])
work_dir = './work_dirs/mine'
"""

MMACTION2_0X_AGCN = """
model = dict(type='SkeletonGCN',
             backbone=dict(type='AGCN', in_channels=3,
                           graph_cfg=dict(layout='ntu-rgb+d', strategy='agcn')),
             cls_head=dict(type='STGCNHead', num_classes=60, in_channels=256,
                           loss_cls=dict(type='CrossEntropyLoss')),
             train_cfg=None, test_cfg=None)
pipeline = [dict(type='PaddingWithLoop', clip_len=300), dict(type='PoseDecode'),
            dict(type='FormatGCNInput', input_format='NCTVM'),
            dict(type='Collect', keys=['keypoint', 'label'], meta_keys=[]),
            dict(type='ToTensor', keys=['keypoint'])]
data = dict(videos_per_gpu=16, workers_per_gpu=2, test_dataloader=dict(videos_per_gpu=1),
            train=dict(type='PoseDataset', ann_file='train.pkl', data_prefix='', pipeline=pipeline),
            test=dict(type='PoseDataset', ann_file='val.pkl', data_prefix='', pipeline=pipeline))
optimizer = dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=0.0001, nesterov=True)
optimizer_config = dict(grad_clip=None)
lr_config = dict(policy='step', step=[30, 40])
total_epochs = 80
resume_from = 'work/epoch_3.pth'
"""


def _tool():
    spec = importlib.util.spec_from_file_location('convert_config',
                                                  REPO / 'tools' / 'convert_config.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pyskl_style_config_keeps_model_data_and_schedule(tmp_path):
    (tmp_path / 'src.py').write_text(PYSKL_STYLE)
    _tool().convert_file(str(tmp_path / 'src.py'), str(tmp_path / 'out.py'), check=True)
    cfg = Config.fromfile(str(tmp_path / 'out.py'))  # the written file reads back
    assert cfg.model.backbone.tcn_type == 'mstcn' and cfg.model.cls_head.num_classes == 7
    train = cfg.train_dataloader
    assert train.batch_size == 12 and train.num_workers == 3 and train.sampler.shuffle
    assert train.dataset.type == 'RepeatDataset' and train.dataset.times == 4
    steps = [s['type'] for s in train.dataset.dataset.pipeline]
    assert steps == ['PreNormalize2D', 'RandomScale', 'GenSkeFeat', 'UniformSampleFrames',
                     'PoseDecode', 'FormatGCNInput', 'PackActionInputs']
    assert train.dataset.dataset.pipeline[3]['test_mode'] is False
    test = cfg.test_dataloader
    assert test.batch_size == 1 and not test.sampler.shuffle and test.dataset.test_mode
    assert test.dataset.pipeline[2] == dict(type='UniformSampleFrames', clip_len=48,
                                            num_clips=10, test_mode=True)
    assert cfg.optim_wrapper.clip_grad == dict(max_norm=20)
    assert cfg.optim_wrapper.optimizer.lr == 0.1
    assert cfg.auto_scale_lr.base_batch_size == 96  # PYSKL's 8 GPUs x 12
    warm, cosine = cfg.param_scheduler
    assert warm == dict(type='LinearLR', start_factor=0.2, begin=0, end=5, by_epoch=True)
    assert cosine['eta_min'] == 0.001 and cosine['end'] == 24 and cosine['convert_to_iter_based']
    assert cfg.train_cfg.max_epochs == 24 and cfg.train_cfg.val_interval == 3
    assert cfg.val_evaluator[0].metric_list == ['top_k_accuracy', 'mean_class_accuracy']
    assert cfg.default_hooks.checkpoint.interval == 2 and cfg.default_hooks.logger.interval == 50
    assert cfg.work_dir == './work_dirs/mine' and cfg.default_scope == 'stgcn_kit'


def test_mmaction2_0x_agcn_config(tmp_path):
    (tmp_path / 'src.py').write_text(MMACTION2_0X_AGCN)
    cfg = _tool().convert_file(str(tmp_path / 'src.py'), str(tmp_path / 'out.py'), check=True)
    assert cfg.model.backbone == dict(type='AGCN', in_channels=3, data_bn_type='VC',
                                      graph_cfg=dict(layout='ntu-rgb+d', mode='spatial'))
    assert cfg.model.cls_head == dict(type='GCNHead', num_classes=60, in_channels=256)
    assert [s['type'] for s in cfg.train_dataloader.dataset.pipeline] == [
        'PadTo', 'PoseDecode', 'FormatGCNInput', 'PackActionInputs']
    assert cfg.train_dataloader.dataset.pipeline[0] == dict(type='PadTo', length=300,
                                                            mode='loop')
    assert cfg.param_scheduler[0]['type'] == 'MultiStepLR'
    assert cfg.param_scheduler[0]['milestones'] == [30, 40]
    assert cfg.resume and cfg.load_from == 'work/epoch_3.pth'
    assert cfg.val_cfg is None  # the source has no val set


@pytest.mark.parametrize('edit,message', [
    (("type='STGCN'", "type='SGN'"), "backbone.type 'SGN' is not implemented"),
    (("dict(type='RandomScale', scale=0.1)", "dict(type='Flip')"), "transform 'Flip'"),
    (("policy='CosineAnnealing'", "policy='OneCycle'"), "policy 'OneCycle'"),
])
def test_what_has_no_counterpart_is_named(tmp_path, edit, message):
    (tmp_path / 'src.py').write_text(PYSKL_STYLE.replace(*edit))
    with pytest.raises(ValueError, match=message):
        _tool().convert_file(str(tmp_path / 'src.py'), str(tmp_path / 'out.py'))
    assert not (tmp_path / 'out.py').exists()


@pytest.mark.skipif(PYSKL is None, reason='set STGCN_KIT_PYSKL to a PYSKL checkout to convert '
                                          'all its configs')
def test_every_supported_pyskl_config_converts_and_builds(tmp_path):
    files = sorted(p for family in SUPPORTED
                   for p in (Path(PYSKL) / 'configs' / family).rglob('*.py'))
    assert len(files) >= 100
    tool = _tool()
    for i, path in enumerate(files):
        cfg = tool.convert_file(str(path), str(tmp_path / f'{i}.py'), check=True)
        assert cfg.train_cfg.max_epochs > 0


def test_a_hostile_source_name_stays_in_its_comment(tmp_path, monkeypatch):
    # the header names the source file; a newline in that name must not end the comment
    monkeypatch.chdir(tmp_path)
    src = tmp_path / "x\nopen('ran', 'w')\n#.py"
    src.write_text(PYSKL_STYLE)
    _tool().convert_file(str(src), str(tmp_path / 'out.py'))
    assert Config.fromfile(str(tmp_path / 'out.py')).model.cls_head.num_classes == 7
    assert not (tmp_path / 'ran').exists()

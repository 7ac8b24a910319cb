"""PYSKL and mmaction2 0.x skeleton configs (mmcv 1 style: ``data=dict(videos_per_gpu=...,
train=...)``, ``optimizer``, ``lr_config``, ``total_epochs``) turned into this toolbox's
mmengine configs: the same model, pipelines, splits and schedule, with the runtime of
``configs/_base_/default_runtime.py``.

What has no counterpart here (another backbone, an mmaction2 0.x transform PYSKL dropped) is a
``ValueError`` naming the key, never a silently different config.
"""
import copy
from typing import Any, Dict, List, Optional

from mmengine.config import Config

from stgcn_kit.utils.package_files import shipped_dir

BACKBONES = ('STGCN', 'AAGCN', 'AGCN', 'CTRGCN', 'MSG3D', 'DGSTGCN')
# transforms that exist here under the same name and arguments
SAME_TRANSFORMS = ('PreNormalize3D', 'PreNormalize2D', 'GenSkeFeat', 'PoseDecode', 'PadTo',
                   'RandomScale', 'RandomRot', 'RandomGaussianNoise', 'RandomMove',
                   'JointToBone', 'ToMotion', 'MergeSkeFeat')
# mmaction2 0.x layout names whose strategy 'spatial' is ST-GCN's partition
_MM0_STGCN_MODES = {'spatial': 'stgcn_spatial', 'uniform': 'uniform', 'distance': 'distance',
                    'agcn': 'spatial'}


def _model(model: dict, source: str) -> dict:
    model = copy.deepcopy(model)
    if model.get('type') == 'SkeletonGCN':  # mmaction2 0.x
        return _mmaction2_0x_model(model, source)
    if model.get('type') != 'RecognizerGCN':
        raise ValueError(f'{source}: model.type {model.get("type")!r}: only skeleton GCN '
                         f'recognizers (RecognizerGCN, SkeletonGCN) convert')
    backbone = model['backbone']
    if backbone.get('type') not in BACKBONES:
        raise ValueError(f'{source}: model.backbone.type {backbone.get("type")!r} is not '
                         f'implemented here (supported: {", ".join(BACKBONES)})')
    for key in ('train_cfg', 'test_cfg'):
        if model.get(key) is None:
            model.pop(key, None)
    return model


def _mmaction2_0x_model(model: dict, source: str) -> dict:
    """mmaction2 0.x ``SkeletonGCN``: ST-GCN in the original layout, or 2s-AGCN; both normalise
    the input per (joint, channel)."""
    backbone, head = model['backbone'], model['cls_head']
    graph = dict(backbone.get('graph_cfg', {}))
    strategy = graph.pop('strategy', 'spatial')
    if strategy not in _MM0_STGCN_MODES:
        raise ValueError(f'{source}: model.backbone.graph_cfg.strategy {strategy!r} has no '
                         f'counterpart (known: {sorted(_MM0_STGCN_MODES)})')
    graph['mode'] = _MM0_STGCN_MODES[strategy]
    new = dict(graph_cfg=graph, in_channels=backbone.get('in_channels', 3), data_bn_type='VC')
    if backbone.get('type') == 'STGCN':
        new.update(type='STGCN')
        if backbone.get('edge_importance_weighting', True):
            new['gcn_adaptive'] = 'importance'
    elif backbone.get('type') == 'AGCN':
        new.update(type='AGCN')
    else:
        raise ValueError(f'{source}: model.backbone.type {backbone.get("type")!r} (mmaction2 '
                         f'0.x) is not implemented here (supported: STGCN, AGCN)')
    if head.get('type') != 'STGCNHead':
        raise ValueError(f'{source}: model.cls_head.type {head.get("type")!r}: expected '
                         f'STGCNHead')
    return dict(type='RecognizerGCN', backbone=new,
                cls_head=dict(type='GCNHead', num_classes=head['num_classes'],
                              in_channels=head.get('in_channels', 256)))


def _pipeline(pipeline: List[dict], test_mode: bool, source: str, where: str) -> List[dict]:
    """The steps with our names; ``Collect``/``ToTensor`` become one ``PackActionInputs``."""
    out: List[dict] = []
    for step in pipeline:
        step = dict(step)
        kind = step.get('type')
        if kind in ('Collect', 'ToTensor'):
            if not out or out[-1]['type'] != 'PackActionInputs':
                out.append(dict(type='PackActionInputs'))
            continue
        if kind in ('UniformSample', 'UniformSampleFrames'):
            step.update(type='UniformSampleFrames', test_mode=test_mode)
        elif kind == 'UniformSampleDecode':
            step.update(test_mode=test_mode)
        elif kind == 'PaddingWithLoop':  # mmaction2 0.x
            step = dict(type='PadTo', length=step.get('clip_len', 300), mode='loop')
        elif kind == 'FormatGCNInput':
            fmt = step.pop('input_format', 'NCTVM')
            if fmt != 'NCTVM':
                raise ValueError(f'{source}: {where}: FormatGCNInput input_format {fmt!r}')
            step.setdefault('num_person', 2)
        elif kind not in SAME_TRANSFORMS:
            raise ValueError(f'{source}: {where}: transform {kind!r} has no counterpart here')
        out.append(step)
    return out


def _dataset(dataset: dict, test_mode: bool, source: str, where: str) -> dict:
    dataset = copy.deepcopy(dataset)
    if dataset.get('type') == 'RepeatDataset':
        dataset['dataset'] = _dataset(dataset['dataset'], test_mode, source, where)
        return dataset
    if dataset.get('type') != 'PoseDataset':
        raise ValueError(f'{source}: {where}: dataset type {dataset.get("type")!r}: only '
                         f'PoseDataset (optionally in a RepeatDataset) converts')
    dataset.pop('data_prefix', None)
    dataset['pipeline'] = _pipeline(dataset.get('pipeline', []), test_mode, source,
                                    f'{where}.pipeline')
    if test_mode:
        dataset['test_mode'] = True
    return dataset


def _loader(data: dict, name: str, source: str) -> Optional[dict]:
    if name not in data:
        return None
    test_mode = name != 'train'
    overrides = data.get(f'{name}_dataloader', {})
    workers = overrides.get('workers_per_gpu', data.get('workers_per_gpu', 2))
    return dict(
        batch_size=overrides.get('videos_per_gpu', data.get('videos_per_gpu', 16)),
        num_workers=workers, persistent_workers=workers > 0,
        collate_fn=dict(type='default_collate'),
        sampler=dict(type='DefaultSampler', shuffle=not test_mode),
        dataset=_dataset(data[name], test_mode, source, f'data.{name}'))


def _schedule(old: dict, source: str) -> Dict[str, Any]:
    epochs = old.get('total_epochs')
    if epochs is None:
        raise ValueError(f'{source}: no total_epochs')
    lr = dict(old.get('lr_config') or dict(policy='fixed'))
    policy = lr.pop('policy')
    iter_based = not lr.pop('by_epoch', True)
    schedulers = []
    warmup = lr.pop('warmup', None)
    warmup_iters = lr.pop('warmup_iters', 0)
    warmup_ratio = lr.pop('warmup_ratio', 0.1)
    warmup_by_epoch = lr.pop('warmup_by_epoch', False)
    if warmup is not None:
        if warmup != 'linear':
            raise ValueError(f'{source}: lr_config.warmup {warmup!r}: only linear converts')
        schedulers.append(dict(type='LinearLR', start_factor=warmup_ratio, begin=0,
                               end=warmup_iters, by_epoch=warmup_by_epoch))
    common = dict(by_epoch=True, begin=0, end=epochs, convert_to_iter_based=iter_based)
    if policy == 'CosineAnnealing':
        if 'min_lr_ratio' in lr:
            raise ValueError(f'{source}: lr_config.min_lr_ratio: give min_lr instead')
        schedulers.append(dict(type='CosineAnnealingLR', eta_min=lr.pop('min_lr', 0), **common))
    elif policy == 'step':
        step = lr.pop('step')
        # an int decays every `step` epochs, a list at those epochs
        milestones = list(range(step, epochs, step)) if isinstance(step, int) else list(step)
        schedulers.append(dict(type='MultiStepLR', milestones=milestones,
                               gamma=lr.pop('gamma', 0.1), **common))
    elif policy != 'fixed':
        raise ValueError(f'{source}: lr_config.policy {policy!r}: only CosineAnnealing, step '
                         f'and fixed convert')
    if lr:
        raise ValueError(f'{source}: lr_config keys without a counterpart: {sorted(lr)}')
    optim_wrapper = dict(optimizer=dict(old['optimizer']))
    clip = (old.get('optimizer_config') or {}).get('grad_clip')
    if clip:
        optim_wrapper['clip_grad'] = dict(clip)
    evaluation = old.get('evaluation') or {}
    interval = evaluation.get('interval', 1)
    metrics = evaluation.get('metrics', ['top_k_accuracy'])
    metrics = [metrics] if isinstance(metrics, str) else list(metrics)
    return dict(
        optim_wrapper=optim_wrapper, param_scheduler=schedulers,
        train_cfg=dict(type='EpochBasedTrainLoop', max_epochs=epochs, val_begin=1,
                       val_interval=interval),
        val_evaluator=[dict(type='AccMetric', metric_list=metrics)],
        test_evaluator=[dict(type='AccMetric', metric_list=metrics)])


def convert_legacy_config(old: Config, source: str) -> Config:
    """The mmengine config equivalent to the PYSKL / mmaction2 0.x config ``old`` (read from
    ``source``, named in errors)."""
    for key in ('model', 'data', 'optimizer'):
        if key not in old:
            raise ValueError(f'{source}: no {key!r}: not a PYSKL / mmaction2 0.x config '
                             f'(mmcv 1 style)')
    cfg = Config()
    cfg.merge_from_dict(Config.fromfile(
        str(shipped_dir('configs') / '_base_' / 'default_runtime.py')).to_dict())
    data = old['data']
    if 'train' not in data:
        raise ValueError(f'{source}: data has no train dataset')
    new: Dict[str, Any] = dict(model=_model(old['model'], source))
    for name in ('train', 'val', 'test'):
        loader = _loader(data, name, source)
        if loader is not None:
            new[f'{name}_dataloader'] = loader
    new.update(_schedule(old, source))
    # PYSKL and mmaction2 published their learning rates for 8 GPUs
    new['auto_scale_lr'] = dict(enable=False,
                                base_batch_size=8 * new['train_dataloader']['batch_size'])
    new.update(val_cfg=dict(type='ValLoop'), test_cfg=dict(type='TestLoop'))
    checkpoint = old.get('checkpoint_config') or {}
    logger = old.get('log_config') or {}
    new['default_hooks'] = dict(
        checkpoint=dict(interval=checkpoint.get('interval', 1)),
        logger=dict(interval=logger.get('interval', 20)))
    for key in ('work_dir', 'load_from'):
        if old.get(key):
            new[key] = old[key]
    if old.get('resume_from'):
        new.update(load_from=old['resume_from'], resume=True)
    if 'val_dataloader' not in new:
        new.update(val_cfg=None, val_evaluator=None)
    cfg.merge_from_dict(new)
    return cfg

"""Recipe cards (configs/<family>/metafile.yml) against the configs they describe: every config
of a family with cards (the GCN families and PoseC3D) has one, and its resolved hyper-parameters
equal the seed's recipe on the card except where the card lists a difference with its reason.

A card may leave out the fields of ``IMPLIED`` (and ``test_padding``): leaving one out states the
value given there, which the config must then have too."""
import inspect
import os
from pathlib import Path

import pytest
import yaml

from stgcn_kit.registry import MODELS
from stgcn_kit.utils.config import read_config

REPO = Path(__file__).resolve().parents[2]
CONFIGS = REPO / 'configs'
CARDS = [card for path in sorted(CONFIGS.glob('*/metafile.yml'))
         for card in yaml.safe_load(path.read_text())['Models']]
NORMALISE = ('PreNormalize3D', 'PreNormalize2D', 'CentreFrame', 'MinMaxNormalize')
# PoseC3D's crops and resizes (Flip's lists are the layout's, not a recipe choice)
GEOMETRY = ('Resize', 'RandomResizedCrop', 'CenterCrop')
AUGMENT = ('RandomRot', 'RandomScale', 'RandomMove', 'RandomShift', 'RandomGaussianNoise')
# what a card's silence on a field states: the repositories' ten-block ST-GCN, no dropout before
# the classifier, the code's centre joint and column normalisation; a card without
# test_padding states that the test pipeline pads as the training one does
IMPLIED = dict(head_dropout=0.0, graph_center='joint', graph_norm='column')
STGCN_IMPLIED = dict(depth=10, inflate_stages=[5, 8], down_stages=[5, 8], first_residual=False,
                     gcn_type='unit_gcn')
# backbones whose stage schedule is on the card
SCHEDULED = ('STGCN', 'TCN')


def _call(t) -> str:
    """``Type`` or ``Type(k=v, ...)`` of a transform config, tuples for lists."""
    args = [f'{k}={tuple(v) if isinstance(v, list) else v!r}' for k, v in t.items()
            if k != 'type']
    return f'{t.type}({", ".join(args)})' if args else t.type


def _schedule(schedulers) -> str:
    parts = []
    for s in schedulers:
        if s.type == 'LinearLR':
            parts.append(f'linear warm-up {s.end} epochs')
        elif s.type == 'CosineAnnealingLR':
            parts.append('cosine')
        elif s.type == 'MultiStepLR':
            parts.append(f'step {list(s.milestones)}')
        else:
            parts.append(s.type)
    return ', '.join(parts)


def _backbone_arg(backbone, name: str):
    """``backbone[name]``, else the default of that argument of the backbone class (or of the
    first base class that names it, where the class passes it on in ``**kwargs``)."""
    if name in backbone:
        value = backbone[name]
    else:
        value = next(inspect.signature(cls.__init__).parameters[name].default
                     for cls in MODELS.get(backbone.type).__mro__
                     if name in inspect.signature(cls.__init__).parameters)
    return list(value) if isinstance(value, (list, tuple)) else value


def _padding(pipeline):
    pads = [t for t in pipeline if t.type == 'PadTo']
    return pads[0].get('mode', 'loop') if pads else None


def _optimisation(cfg, repeat: int) -> dict:
    """Schedule and optimiser fields; ``batch`` is the total batch the learning rate is for."""
    optimizer = cfg.optim_wrapper.optimizer
    return dict(
        epochs=cfg.train_cfg.max_epochs, repeat=repeat, batch=cfg.auto_scale_lr.base_batch_size,
        lr=optimizer.lr, momentum=optimizer.momentum, weight_decay=optimizer.weight_decay,
        nesterov=optimizer.get('nesterov', False), schedule=_schedule(cfg.param_scheduler))


def _runs(values: list) -> str:
    """``[1, 1, 2]`` as ``[1] * 2 + [2] * 1``."""
    runs: list = []
    for value in values:
        if runs and runs[-1][0] == value:
            runs[-1][1] += 1
        else:
            runs.append([value, 1])
    return ' + '.join(f'[{value}] * {count}' for value, count in runs)


def heatmap_recipe_of(cfg) -> dict:
    """The card fields of a resolved PoseC3D (``Recognizer3D``) config."""
    backbone, head = cfg.model.backbone, cfg.model.cls_head
    train = cfg.train_dataloader.dataset
    repeat = train.times if train.type == 'RepeatDataset' else 1
    train = train.dataset if train.type == 'RepeatDataset' else train
    pipeline, test = train.pipeline, cfg.test_dataloader.dataset.pipeline
    types = {t.type: t for t in pipeline}
    [target] = [t for t in test if t.type == 'GeneratePoseTarget']
    [test_sampler] = [t for t in test if t.type == 'UniformSampleFrames']
    class_prob = train.get('class_prob')
    blocks = backbone.get('stage_blocks')
    clip = cfg.optim_wrapper.get('clip_grad')
    return dict(
        backbone=backbone.type, stage_blocks=list(blocks) if blocks is not None else None,
        in_channels=backbone.in_channels,
        heatmap='limb' if types['GeneratePoseTarget'].with_limb else 'keypoint',
        num_classes=head.num_classes,
        class_prob=_runs(class_prob) if class_prob is not None else None,
        frame_sampling='uniform', clip_len=types['UniformSampleFrames'].clip_len,
        train_geometry=[_call(t) for t in pipeline if t.type in GEOMETRY],
        test_geometry=[_call(t) for t in test if t.type in GEOMETRY],
        test_clips=test_sampler.num_clips, flip_test=target.get('double', False),
        **_optimisation(cfg, repeat),
        grad_clip=clip.max_norm if clip else None,
        pretrained=os.path.basename(cfg.load_from) if cfg.get('load_from') else None,
        dropout=head.dropout)


def recipe_of(cfg) -> dict:
    """The card fields of a resolved config (backbone block defaults where a key is unset)."""
    backbone, head = cfg.model.backbone, cfg.model.cls_head
    graph_cfg = backbone.graph_cfg
    recipe = dict(backbone=backbone.type, graph_mode=graph_cfg.get('mode'),
                  graph_center=graph_cfg.get('center', 'joint'),
                  graph_norm=graph_cfg.get('norm', 'column'),
                  head_dropout=float(head.get('dropout', 0.0)))
    if backbone.type == 'STGCN':
        recipe.update(gcn_adaptive=backbone.get('gcn_adaptive', 'importance'),
                      gcn_with_res=backbone.get('gcn_with_res', False),
                      gcn_type=backbone.get('gcn_type', 'unit_gcn'),
                      tcn_type=backbone.get('tcn_type', 'unit_tcn'),
                      dropout=float(backbone.get('tcn_dropout', 0.0)))
    elif backbone.type == 'TCN':
        recipe.update(dropout=float(_backbone_arg(backbone, 'dropout')),
                      kernel_size=_backbone_arg(backbone, 'kernel_size'))
    if backbone.type in SCHEDULED:
        recipe.update(depth=_backbone_arg(backbone, 'num_stages'),
                      inflate_stages=_backbone_arg(backbone, 'inflate_stages'),
                      down_stages=_backbone_arg(backbone, 'down_stages'),
                      first_residual=_backbone_arg(backbone, 'first_residual'))
    train = cfg.train_dataloader.dataset
    repeat = train.times if train.type == 'RepeatDataset' else 1
    train = train.dataset if train.type == 'RepeatDataset' else train
    pipeline, test = train.pipeline, cfg.test_dataloader.dataset.pipeline
    types = {t.type: t for t in pipeline}
    sampler = types.get('UniformSampleFrames', types.get('UniformSampleDecode'))
    if sampler is not None:
        sampling, clip_len = 'uniform', sampler.clip_len
    elif 'RandomChooseFrames' in types:
        sampling, clip_len = 'random window', types['RandomChooseFrames'].size
    elif 'PadTo' in types:
        sampling, clip_len = 'pad', types['PadTo'].length
    else:
        sampling, clip_len = 'all', None
    test_sampler = [t for t in test if t.type in ('UniformSampleFrames', 'UniformSampleDecode')]
    recipe.update(
        layout=backbone.graph_cfg.layout, num_classes=head.num_classes,
        stream=list(types['GenSkeFeat'].feats),
        normalisation=[_call(t) for t in pipeline if t.type in NORMALISE],
        frame_sampling=sampling, clip_len=clip_len,
        test_clips=test_sampler[0].num_clips if test_sampler else 1,
        padding=_padding(pipeline), test_padding=_padding(test),
        augmentation=[_call(t) for t in pipeline if t.type in AUGMENT],
        **_optimisation(cfg, repeat),
        num_person=types['FormatGCNInput'].num_person,
        loss=(head.get('loss_cls') or {}).get('type', 'CrossEntropyLoss'))
    return recipe


def test_every_config_has_one_card():
    leaves = {str(p.relative_to(REPO)) for metafile in CONFIGS.glob('*/metafile.yml')
              for p in metafile.parent.rglob('*.py')}
    carded = [card['Config'] for card in CARDS]
    assert sorted(carded) == sorted(set(carded)), 'a config with two cards'
    assert set(carded) == leaves


@pytest.mark.parametrize('card', CARDS, ids=lambda card: card['Config'][len('configs/'):])
def test_config_matches_its_card(card):
    cfg = read_config(str(REPO / card['Config']))
    expected = {}
    if cfg.model.type != 'Recognizer3D':  # the implied fields are the GCN cards'
        expected.update(IMPLIED, test_padding=card['Recipe']['padding'])
        if card['Recipe']['backbone'] == 'STGCN':
            expected.update(STGCN_IMPLIED)
    expected.update(card['Recipe'])
    for difference in card.get('Differences', ()):
        assert difference['Field'] in expected and difference['Reason'].strip()
        expected[difference['Field']] = difference['Ours']
    recipe = heatmap_recipe_of(cfg) if cfg.model.type == 'Recognizer3D' else recipe_of(cfg)
    assert recipe == expected
    seed = card['Seed']
    if seed is None:
        assert card['Note'].startswith('No seed')
        return
    assert seed['Config'] and seed['Repository'] and seed['Top-1 Source']
    if cfg.model.type == 'Recognizer3D':  # every PoseC3D seed row states its GPUs
        assert seed['GPUs'] and seed['Batch per GPU'] and seed['LR rule'].strip()
    if 'GPUs' in seed:  # the recipe's batch is the row's: GPUs x samples per GPU
        assert seed['GPUs'] * seed['Batch per GPU'] == card['Recipe']['batch']

"""A ready training config for an annotation pickle: what the data says (channels, persons,
classes, sequence lengths, training-set size) turned into an ST-GCN config with the small-data
schedule sized to the dataset, written as one self-contained file the user keeps beside the
data (``tools/data/make_config.py``, ``tools/data/custom_gendata.py --config``).

The written file names the pickle relative to its own folder (mmengine's ``{{ fileDirname }}``),
so the folder holding both can move, and holds everything read from the user's files (paths,
layouts) as literals (:mod:`stgcn_kit.utils.config_writer`), so no file name runs as code.
"""
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence, Union

import numpy as np
from mmengine.config import Config

from stgcn_kit.skeleton import LAYOUTS, get_layout
from stgcn_kit.utils.config_writer import FILE_DIR, Code, config_source, literal
from stgcn_kit.utils.io import atomic_open, load_pickle
from stgcn_kit.utils.package_files import shipped_dir

BASES = ('models/stgcn.py', 'schedules/sgd_cosine_small.py', 'default_runtime.py')
BATCH_SIZE = 16
MAX_PERSONS = 2  # PYSKL keeps the two main people; more rarely helps and costs linearly


@dataclass(frozen=True)
class DataSummary:
    """What a config needs to know about an annotation pickle.

    Attributes:
        num_train: samples in the training split.
        num_val: samples in the validation split.
        num_classes: largest label + 1.
        num_person: most people in one sample, capped at :data:`MAX_PERSONS`.
        dims: coordinate channels of ``keypoint`` (2 or 3).
        has_score: whether every record carries ``keypoint_score``.
        has_img_shape: whether every record carries ``img_shape`` (2D pixel coordinates).
        lengths: 25th, 50th, 75th and 95th percentile of ``total_frames`` (training split).
    """
    num_train: int
    num_val: int
    num_classes: int
    num_person: int
    dims: int
    has_score: bool
    has_img_shape: bool
    lengths: Sequence[float]

    @property
    def in_channels(self) -> int:
        return self.dims + (1 if self.dims == 2 and self.has_score else 0)


def summarize(anno: dict, source: str, train_split: str = 'train',
              val_split: str = 'val') -> DataSummary:
    """Read the numbers a config depends on from the pickle dict ``anno`` (loaded from
    ``source``); ``ValueError`` naming ``source`` when a split is missing or empty."""
    splits = anno.get('split', {})
    for name in (train_split, val_split):
        if not splits.get(name):
            raise ValueError(f'{source}: no split {name!r} (splits: {sorted(splits)}); name the '
                             f'training and validation splits with --train-split/--val-split')
    records = anno['annotations']
    train_names = set(splits[train_split])
    train = [r for r in records if r['frame_dir'] in train_names]
    dims = {int(np.shape(r['keypoint'])[-1]) for r in records}
    if len(dims) != 1 or not dims <= {2, 3}:
        raise ValueError(f'{source}: keypoints must all have 2 or 3 coordinates, found {dims}')
    lengths = np.array([r['total_frames'] for r in train], dtype=np.float64)
    return DataSummary(
        num_train=len(splits[train_split]), num_val=len(splits[val_split]),
        num_classes=max(int(r['label']) for r in records) + 1,
        num_person=min(max(int(np.shape(r['keypoint'])[0]) for r in records), MAX_PERSONS),
        dims=dims.pop(), has_score=all('keypoint_score' in r for r in records),
        has_img_shape=all('img_shape' in r for r in records),
        lengths=tuple(float(v) for v in np.percentile(lengths, [25, 50, 75, 95])))


def clip_length(lengths: Sequence[float]) -> int:
    """Frames per clip: the 75th percentile of the training lengths rounded up to a multiple of
    4, within [16, 100]. Uniform sampling stretches shorter sequences by repeating frames and
    thins longer ones; three quarters of the sequences keep every frame. On NW-UCLA's splits
    clips of the 75th percentile trained better than clips of the median (docs/results.md,
    "Small-data recipe"), at a cost linear in the clip length."""
    return int(min(100, max(16, 4 * math.ceil(lengths[2] / 4))))


def schedule_for(num_train: int, batch_size: int = BATCH_SIZE) -> Dict[str, Union[int, float]]:
    """Epochs, warm-up and validation interval for ``num_train`` training samples.

    Smaller datasets need more passes but fewer updates in all: epochs grow with
    ``1 / sqrt(num_train)``, 35 at 1,000 samples, within [16, 120] (16 is where PYSKL's
    large-data schedules stop; 35 at 1,000 trained better than 20 on NW-UCLA's splits,
    docs/results.md); the warm-up is the first tenth of the run, at least two iterations;
    validation runs five times.
    """
    if num_train < 1:
        raise ValueError(f'schedule_for needs at least one training sample, got {num_train}')
    epochs = int(min(120, max(16, round(35 * math.sqrt(1000 / num_train)))))
    iters_per_epoch = math.ceil(num_train / batch_size)
    # two iterations at least: mmengine's LinearLR over a single one never leaves its start factor
    warmup = max(epochs / 10, 2 / iters_per_epoch)
    return dict(max_epochs=epochs, warmup_epochs=round(warmup, 4),
                val_interval=max(1, epochs // 5))


def _pipelines(summary: DataSummary, layout: Union[str, dict], clip_len: int,
               feats: Sequence[str]) -> Dict[str, List[dict]]:
    if summary.dims == 3:
        # the layout's anatomy decides: spine and shoulders/hips give the canonical rotation, a
        # layout without them is only centred (PreNormalize3D logs which)
        norm = [dict(type='PreNormalize3D', layout=layout)]
        augment = [dict(type='RandomScale', scale=0.1), dict(type='RandomRot', theta=0.3)]
    else:
        # without an image size, 'box' keeps the aspect ratio where PYSKL's 'auto' stretches each
        # axis to [-1, 1] on its own
        norm = [dict(type='PreNormalize2D', mode='fix' if summary.has_img_shape else 'box')]
        augment = [dict(type='RandomScale', scale=0.1)]
    tail = [dict(type='PoseDecode'), dict(type='FormatGCNInput', num_person=summary.num_person),
            dict(type='PackActionInputs')]
    feat = [dict(type='GenSkeFeat', dataset=layout, feats=list(feats))]

    def sample(num_clips: int, test_mode: bool) -> List[dict]:
        return [dict(type='UniformSampleFrames', clip_len=clip_len, num_clips=num_clips,
                     test_mode=test_mode)]

    return dict(train=norm + augment + feat + sample(1, False) + tail,
                val=norm + feat + sample(1, True) + tail,
                test=norm + feat + sample(10, True) + tail)


def build_config(summary: DataSummary, ann_file: str, layout: Union[str, dict],
                 train_split: str = 'train', val_split: str = 'val',
                 feats: Sequence[str] = ('j', ), work_dir: Optional[str] = None) -> Config:
    """The full config (the kit's ST-GCN, runtime and small-data schedule bases merged with the
    data's settings) as an mmengine ``Config``. A layout file is read and stated in full, so
    the config does not depend on files beside it."""
    if isinstance(layout, str) and layout not in LAYOUTS:
        layout = get_layout(layout).to_dict()  # fails here, naming the file
    layout = layout if isinstance(layout, str) else dict(layout)
    get_layout(layout)  # fail here, naming the layout, rather than at training time
    clip_len = clip_length(summary.lengths)
    sched = schedule_for(summary.num_train)
    pipes = _pipelines(summary, layout, clip_len, feats)
    cfg = Config()
    bases = shipped_dir('configs') / '_base_'
    for base in BASES:
        cfg.merge_from_dict(Config.fromfile(str(bases / base)).to_dict())
    workers = min(2, os.cpu_count() or 1)

    def loader(split: str, pipeline: List[dict], test_mode: bool, batch: int) -> dict:
        return dict(batch_size=min(batch, BATCH_SIZE), num_workers=workers,
                    persistent_workers=True, collate_fn=dict(type='default_collate'),
                    sampler=dict(type='DefaultSampler', shuffle=not test_mode),
                    dataset=dict(type='PoseDataset', ann_file=ann_file, split=split,
                                 num_node=layout, test_mode=test_mode, pipeline=pipeline))

    cfg.merge_from_dict(dict(
        ann_file=ann_file,
        # the base schedule's own names, kept equal to what the loop and warm-up below use
        max_epochs=sched['max_epochs'], warmup_epochs=sched['warmup_epochs'],
        model=dict(backbone=dict(num_person=summary.num_person,
                                 in_channels=summary.in_channels * len(feats)),
                   cls_head=dict(num_classes=summary.num_classes)),
        train_cfg=dict(max_epochs=sched['max_epochs'], val_interval=sched['val_interval']),
        train_dataloader=loader(train_split, pipes['train'], False, BATCH_SIZE),
        val_dataloader=loader(val_split, pipes['val'], True, BATCH_SIZE),
        test_dataloader=loader(val_split, pipes['test'], True, 4),
        val_evaluator=[dict(type='AccMetric')], test_evaluator=[dict(type='AccMetric')]))
    cfg.param_scheduler[0]['end'] = sched['warmup_epochs']  # the base's LinearLR warm-up
    # set, not merged: a custom layout's dict cannot merge into the base's layout name
    cfg.model.backbone.graph_cfg = dict(cfg.model.backbone.graph_cfg, layout=layout)
    if work_dir is not None:
        cfg.work_dir = work_dir
    return cfg


def describe(summary: DataSummary, ann_file: str, layout: Union[str, dict]) -> List[str]:
    """The header lines of a written config: where its numbers came from (``ann_file`` and a
    layout name as literals: they are the user's)."""
    sched = schedule_for(summary.num_train)
    kind = f'{summary.dims}D' + (' + score' if summary.in_channels > summary.dims else '')
    p25, p50, p75, p95 = (int(v) for v in summary.lengths)
    name = (literal(layout) if isinstance(layout, str)
            else f'custom, {get_layout(layout).num_node} joints')
    return [f'# ST-GCN joint stream for {literal(ann_file)} (beside this file unless the path',
            '# says otherwise), written by tools/data/make_config.py (or custom_gendata.py);',
            '# edit freely.',
            f'# The data: {summary.num_train} training and {summary.num_val} validation samples, '
            f'{summary.num_classes} classes,',
            f'# {kind} keypoints, layout {name}, up to {summary.num_person} person(s); training '
            f'lengths p25/p50/p75/p95',
            f'# {p25}/{p50}/{p75}/{p95} frames -> clips of {clip_length(summary.lengths)} '
            f'frames. Small-data schedule for {summary.num_train} samples:',
            f'# {sched["max_epochs"]} epochs, warm-up {sched["warmup_epochs"]} epochs, '
            f'batch {BATCH_SIZE} (docs/custom_dataset.md, docs/results.md).',
            "# Other streams: feats=['b'], ['jm'] or ['bm'] in the three GenSkeFeat steps.",
            '# config_dir is the folder of this file, filled in by mmengine when it reads the',
            '# file: the data is named relative to it, so the folder can move with the data.']


def write_config(cfg: Union[Config, Mapping], out: str, header: Sequence[str] = ()) -> None:
    """Write ``cfg`` (a ``Config`` or the dict of its top-level names) as a Python config at
    ``out`` (atomically), the comment lines ``header`` first; every value is written as a
    literal (:func:`~stgcn_kit.utils.config_writer.config_source`)."""
    if not out.endswith('.py'):
        raise ValueError(f'{out}: a config file must end in .py')
    entries = cfg.to_dict() if isinstance(cfg, Config) else cfg
    text = config_source(entries, header)
    with atomic_open(out, 'w') as f:
        f.write(text)


def relative_entries(cfg: Config, relative: str) -> dict:
    """``cfg``'s top-level names for a file from whose folder the annotation pickle is at the
    POSIX path ``relative``: its loaders name the pickle through ``ann_file = config_dir +
    '/' + relative``, where ``config_dir`` is the folder mmengine reads the file from, so the
    file and its data can move together."""
    entries = cfg.to_dict()
    del entries['ann_file']
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        entries[key]['dataset']['ann_file'] = Code('ann_file')
    # a raw triple-quoted string: the folder's name may hold quotes or line breaks
    return dict(config_dir=Code(f"r'''{FILE_DIR}'''"),
                ann_file=Code(f'config_dir + {literal("/" + relative)}'), **entries)


def make_config(ann_file: str, layout: Union[str, dict], out: str, train_split: str = 'train',
                val_split: str = 'val', feats: Sequence[str] = ('j', ),
                work_dir: Optional[str] = None) -> str:
    """Read the pickle ``ann_file``, write its config to ``out`` and return a one-line summary.
    The config names the pickle relative to its own folder (:func:`relative_entries`), so it
    works from any working directory and after moving the folder that holds both."""
    ann_file = os.path.abspath(ann_file)
    summary = summarize(load_pickle(ann_file), ann_file, train_split, val_split)
    cfg = build_config(summary, ann_file, layout, train_split, val_split, feats, work_dir)
    relative = Path(os.path.relpath(ann_file, os.path.dirname(os.path.abspath(out)))).as_posix()
    write_config(relative_entries(cfg, relative), out,
                 describe(summary, relative, cfg.model.backbone.graph_cfg.layout))
    return (f'wrote {out}: {summary.num_train} training samples -> '
            f'{cfg.train_cfg.max_epochs} epochs, clips of {clip_length(summary.lengths)} frames, '
            f'{summary.in_channels * len(feats)} input channels, {summary.num_person} '
            f'person(s), {summary.num_classes} classes')


def default_config_path(ann_file: str, feats: Sequence[str] = ('j', )) -> str:
    """``data/mine.pkl`` -> ``data/mine_stgcn_j.py``."""
    return f'{os.path.splitext(ann_file)[0]}_stgcn_{"_".join(feats)}.py'


def streams_command(configs: Sequence[str], cross_validate: bool = False) -> str:
    """The line that tells the user how to train, test and fuse the stream ``configs`` in one
    command (``tools/train_streams.py``), with ``--kfold`` where the data has no test split."""
    return ('train, test and fuse them in one command (python -m stgcn_kit works too): '
            f'stgcn-kit train_streams {" ".join(configs)}' + (' --kfold 5' if cross_validate
                                                              else ''))

"""Every stream of a data set in one command (``tools/train_streams.py``): each stream config is
trained on the training split less a held-out part, scores the held-out part and the test
split, and the streams are fused with the weights that do best on the held-out part (the test
split is never read to choose them); or the same for each of k folds of the data
(cross-validation), reported as the mean and spread over the folds.

Everything goes to one output folder, each stage's result written atomically, so a second run
with the same settings does only what the first left undone (a stream's training resumes from
its last checkpoint):

    OUT/plan.json            settings, splits and epochs (a rerun must give the same settings)
    OUT/splits.pkl           the annotation pickle with the held-out and fold splits added
    OUT/[foldK/]STREAM/      train.py, holdout.py (the configs that run), work/ (checkpoints,
                             logs), test.pkl and holdout.pkl (per-sample scores), run.log
    OUT/[foldK/]fused.pkl    the test split's fused scores
    OUT/summary.json         the table the command prints
"""
import copy
import json
import math
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
from mmengine.config import Config

from stgcn_kit.apis.cli import read_config_file
from stgcn_kit.apis.data_config import write_config
from stgcn_kit.apis.time_budget import (
    RunCost,
    StepTimes,
    epochs_for_budget,
    measure_step_times,
    scale_schedule,
)
from stgcn_kit.datasets.dataset_cfg import innermost_dataset_cfg
from stgcn_kit.datasets.folds import holdout_split, kfold_split, sample_groups
from stgcn_kit.engine.work_dir import read_last_checkpoint
from stgcn_kit.errors import ConfigError, StgcnKitError
from stgcn_kit.evaluation.fusion import accuracy_summary, fuse_streams, load_stream
from stgcn_kit.evaluation.weight_search import search_weights
from stgcn_kit.utils.io import atomic_open, dump_pickle, load_pickle

LOG_TAIL = 5  # lines of a failed step's log quoted in its error


@dataclass(frozen=True)
class Settings:
    """What a run of ``train_streams`` depends on; a rerun in the same folder must match."""
    configs: Tuple[str, ...]
    holdout: float = 0.2
    group_by: Optional[str] = None
    kfold: Optional[int] = None
    seed: int = 0
    time_budget_min: Optional[float] = None
    cfg_options: Tuple[Tuple[str, str], ...] = ()
    amp: bool = False

    def as_dict(self) -> dict:
        """The settings as ``plan.json`` holds them (a JSON round trip: tuples are lists)."""
        return json.loads(json.dumps(dict(
            configs=list(self.configs), holdout=self.holdout, group_by=self.group_by,
            kfold=self.kfold, seed=self.seed, time_budget_min=self.time_budget_min,
            cfg_options=[list(kv) for kv in self.cfg_options], amp=self.amp)))


@dataclass(frozen=True)
class Run:
    """One stream trained and tested on one fold (``fold`` ``None`` without cross-validation)."""
    stream: str
    fold: Optional[int]
    folder: Path

    @property
    def train_config(self) -> Path:
        return self.folder / 'train.py'

    @property
    def holdout_config(self) -> Path:
        return self.folder / 'holdout.py'

    @property
    def work_dir(self) -> Path:
        return self.folder / 'work'

    @property
    def test_file(self) -> Path:
        return self.folder / 'test.pkl'

    @property
    def holdout_file(self) -> Path:
        return self.folder / 'holdout.pkl'

    @property
    def log_file(self) -> Path:
        return self.folder / 'run.log'


def stream_name(config: str) -> str:
    """``my_project/mine_stgcn_j.py`` -> ``mine_stgcn_j``."""
    return Path(config).stem


def read_streams(configs: Sequence[str],
                 cfg_options: Dict[str, object]) -> Tuple[List[Config], str, str, str]:
    """The stream configs (``cfg_options`` merged in), and the annotation pickle, training
    split and test split they share; ``ConfigError`` naming the config that differs."""
    if len({stream_name(c) for c in configs}) != len(configs):
        raise ConfigError(f'stream configs need different file names: {list(configs)}')
    cfgs, shared = [], None
    for path in configs:
        cfg = read_config_file(path)
        cfg.merge_from_dict(copy.deepcopy(cfg_options))
        for key in ('train_dataloader', 'test_dataloader'):
            if cfg.get(key) is None:
                raise ConfigError(f'{path}: has no {key}')
        train = innermost_dataset_cfg(cfg.train_dataloader.dataset)
        test = innermost_dataset_cfg(cfg.test_dataloader.dataset)
        if train.get('ann_file') != test.get('ann_file') or not train.get('ann_file'):
            raise ConfigError(f'{path}: its training and test sets must read one annotation '
                              f'pickle (found {train.get("ann_file")} and {test.get("ann_file")})')
        these = (os.path.realpath(train.ann_file), train.get('split'), test.get('split'))
        if None in these[1:]:
            raise ConfigError(f'{path}: its training and test sets must each name a split')
        if shared is not None and these != shared:
            raise ConfigError(f'{path}: reads {these}, but {configs[0]} reads {shared} (the '
                              f'streams must share the pickle and splits)')
        shared = these
        cfgs.append(cfg)
    return (cfgs, *shared)


def plan_splits(anno: dict, ann_file: str, train_split: str, test_split: str,
                settings: Settings) -> Dict[str, List[str]]:
    """The splits to add to the pickle: ``fit``, ``holdout`` and ``test`` (one set, or one per
    fold ``foldK_...`` with ``--kfold``). Without ``--kfold`` the test split is the configs'
    own, which must not share a sample with their training split; with it, the folds cover the
    training and test splits together."""
    splits = anno.get('split', {})
    for name in (train_split, test_split):
        if not splits.get(name):
            raise ConfigError(f'{ann_file}: no split {name!r} (splits: {sorted(splits)})')
    train = list(splits[train_split])
    if settings.kfold is None:
        if set(train) & set(splits[test_split]):
            raise ConfigError(f'{ann_file}: the test split {test_split!r} shares samples with '
                              f'the training split {train_split!r}: no honest test; give '
                              f'--kfold K to cross-validate instead')
        groups = sample_groups(train, settings.group_by)
        fit, held = holdout_split(train, groups, settings.holdout, settings.seed)
        return dict(fit=fit, holdout=held, test=list(splits[test_split]))
    pool = list(dict.fromkeys(train + list(splits[test_split])))
    groups = sample_groups(pool, settings.group_by)
    out = {}
    for k, test in enumerate(kfold_split(pool, groups, settings.kfold, settings.seed)):
        rest = [n for n in pool if n not in set(test)]
        fit, held = holdout_split(rest, groups, settings.holdout, settings.seed)
        out.update({f'fold{k}_fit': fit, f'fold{k}_holdout': held, f'fold{k}_test': test})
    return out


def fold_names(settings: Settings) -> List[Optional[int]]:
    return [None] if settings.kfold is None else list(range(settings.kfold))


def _prefix(fold: Optional[int]) -> str:
    return '' if fold is None else f'fold{fold}_'


def derived_config(cfg: Config, splits_file: str, fold: Optional[int], test_part: str,
                   epochs: int, iters_per_epoch: int) -> Config:
    """``cfg`` training on the fold's ``fit`` split of ``splits_file`` for ``epochs`` epochs
    and testing on its ``test_part`` (``test`` or ``holdout``)."""
    cfg = copy.deepcopy(cfg)
    train = innermost_dataset_cfg(cfg.train_dataloader.dataset)
    test = innermost_dataset_cfg(cfg.test_dataloader.dataset)
    train.update(ann_file=splits_file, split=_prefix(fold) + 'fit')
    test.update(ann_file=splits_file, split=_prefix(fold) + test_part)
    if 'ann_file' in cfg:  # a top-level name the loaders were built from (make_config's)
        cfg.ann_file = splits_file
    for key in ('val_dataloader', 'val_cfg', 'val_evaluator'):
        cfg[key] = None  # the held-out part is scored once, after training
    if epochs != cfg.train_cfg.max_epochs:
        scale_schedule(cfg, epochs, iters_per_epoch)
    return cfg


def iters_per_epoch(cfg: Config, num_samples: int) -> int:
    return max(1, math.ceil(num_samples / cfg.train_dataloader.batch_size))


def plan_epochs(cfgs: Sequence[Config], splits: Dict[str, List[str]], settings: Settings,
                log: Callable[[str], None],
                measure: Callable[[Config], StepTimes] = measure_step_times) -> dict:
    """``{'epochs': [per stream], 'step_times': [...]}``: each config's own epochs, or with a
    time budget the epochs that fit it (the same for every stream), from step times measured
    here (``measure``)."""
    own = [int(cfg.train_cfg.max_epochs) for cfg in cfgs]
    if settings.time_budget_min is None:
        return dict(epochs=own, step_times=None)
    times = []
    for cfg in cfgs:
        log(f'timing a few iterations of {cfg.filename}')
        times.append(measure(cfg))
    runs = []
    for fold in fold_names(settings):
        p = _prefix(fold)
        for cfg, t in zip(cfgs, times):
            runs.append(RunCost(t, iters_per_epoch(cfg, len(splits[p + 'fit'])),
                                len(splits[p + 'holdout']) + len(splits[p + 'test'])))
    epochs = epochs_for_budget(60 * settings.time_budget_min, runs, min(own))
    log(f'time budget {settings.time_budget_min:g} min: {epochs} epochs for each of the '
        f'{len(runs)} run(s) (the configs train {min(own)} at most)')
    return dict(epochs=[epochs] * len(cfgs), step_times=[t.as_dict() for t in times])


def _write_json(obj: dict, path: Path) -> None:
    with atomic_open(str(path), 'w') as f:
        json.dump(obj, f, indent=1)


def prepare(settings: Settings, out_dir: Path, log: Callable[[str], None],
            measure: Callable[[Config], StepTimes] = measure_step_times
            ) -> Tuple[List[Config], dict]:
    """Read the configs and write (or, on a rerun, read back and check) ``plan.json`` and
    ``splits.pkl``; returns the configs and the plan."""
    cfgs, ann_file, train_split, test_split = read_streams(settings.configs,
                                                           dict(settings.cfg_options))
    plan_file = out_dir / 'plan.json'
    if plan_file.exists():
        with open(plan_file, encoding='utf-8') as f:
            plan = json.load(f)
        if plan.get('settings') != settings.as_dict():
            raise ConfigError(f'{out_dir} holds a run with other settings ({plan_file}: '
                              f'{plan.get("settings")}); rerun with those, or give another '
                              f'--out-dir')
        log(f'resuming the run in {out_dir}')
        return cfgs, plan
    anno = load_pickle(ann_file)
    splits = plan_splits(anno, ann_file, train_split, test_split, settings)
    plan = dict(settings=settings.as_dict(), ann_file=ann_file, splits=splits,
                **plan_epochs(cfgs, splits, settings, log, measure))
    out_dir.mkdir(parents=True, exist_ok=True)
    dump_pickle(dict(anno, split=dict(anno['split'], **splits)), str(out_dir / 'splits.pkl'))
    _write_json(plan, plan_file)
    for fold in fold_names(settings):
        p = _prefix(fold)
        log(f'{"fold " + str(fold) + ": " if p else ""}{len(splits[p + "fit"])} samples to '
            f'train on, {len(splits[p + "holdout"])} held out for the fusion weights, '
            f'{len(splits[p + "test"])} to test')
    return cfgs, plan


def _tail(path: Path) -> str:
    try:
        lines = path.read_text(errors='replace').strip().splitlines()
    except OSError:
        return ''
    return ' | '.join(lines[-LOG_TAIL:])


def run_tool(args: Sequence[str], log_file: Path) -> None:
    """``python -m stgcn_kit ARGS`` in a child process, its output appended to ``log_file``;
    ``StgcnKitError`` quoting the log's last lines when it fails."""
    with open(log_file, 'a', encoding='utf-8') as f:
        f.write(f'$ stgcn-kit {" ".join(args)}\n')
        f.flush()
        code = subprocess.run([sys.executable, '-m', 'stgcn_kit', *args], stdout=f,
                              stderr=subprocess.STDOUT).returncode
    if code:
        raise StgcnKitError(f'stgcn-kit {args[0]} {args[1]} failed (exit {code}); its log is '
                            f'{log_file}: ... {_tail(log_file)}')


def run_stream(run: Run, seed: int, log: Callable[[str], None], amp: bool = False) -> None:
    """Train ``run`` (resuming from its last checkpoint), test the final weights on the test
    split (``test.pkl``) and on the held-out part (``holdout.pkl``), with the tools' ``--amp``
    when ``amp``; stages whose result file exists are skipped."""
    amp_args = ['--amp'] if amp else []
    where = f'{"fold " + str(run.fold) + ", " if run.fold is not None else ""}{run.stream}'
    if run.test_file.exists() and run.holdout_file.exists():
        log(f'{where}: done in an earlier run, skipped')
        return
    if not run.test_file.exists():
        last = read_last_checkpoint(str(run.work_dir))
        args = ['train', str(run.train_config), '--work-dir', str(run.work_dir), '--seed',
                str(seed), '--test-last', *amp_args]
        if last is not None and os.path.isfile(last):
            args.append('--resume')
            log(f'{where}: resuming training from {last} (log: {run.log_file})')
        else:
            log(f'{where}: training (log: {run.log_file})')
        run_tool(args, run.log_file)
        os.replace(run.work_dir / 'last_pred.pkl', run.test_file)
        log(f'{where}: tested -> {run.test_file}')
    final = read_last_checkpoint(str(run.work_dir))
    if final is None:
        raise StgcnKitError(f'{run.work_dir}: no checkpoint after training; remove '
                            f'{run.test_file} to train again')
    # the test tool writes its --out atomically: the file exists only once it is whole
    run_tool(['test', str(run.holdout_config), final, '--out', str(run.holdout_file),
              '--work-dir', str(run.work_dir), *amp_args], run.log_file)
    log(f'{where}: scored the held-out part -> {run.holdout_file}')


def fuse_fold(runs: Sequence[Run], fused_file: Path) -> List[dict]:
    """Choose the fold's weights on the held-out scores, fuse the test scores with them into
    ``fused_file``; the fold's table rows (per stream, then the fusion)."""
    names = [r.stream for r in runs]
    held = [load_stream(str(r.holdout_file)) for r in runs]
    tests = [load_stream(str(r.test_file)) for r in runs]
    weights = (1.0, ) if len(runs) == 1 else search_weights(held, names)[0]
    fused = fuse_streams(tests, [str(r.test_file) for r in runs], weights)
    dump_pickle(fused, str(fused_file))
    fused_held = fuse_streams(held, [str(r.holdout_file) for r in runs], weights)
    rows = [dict(fold=r.fold, stream=r.stream, weight=w,
                 holdout_top1=accuracy_summary(h, r.stream)['top1'],
                 test_top1=accuracy_summary(t, r.stream)['top1'], result=str(r.test_file))
            for r, w, h, t in zip(runs, weights, held, tests)]
    rows.append(dict(fold=runs[0].fold, stream='fusion', weight=None,
                     holdout_top1=accuracy_summary(_index(fused_held), 'fusion')['top1'],
                     test_top1=accuracy_summary(_index(fused), 'fusion')['top1'],
                     result=str(fused_file)))
    return rows


def _index(records: List[dict]) -> Dict[str, dict]:
    return {r['frame_dir']: r for r in records}


def cross_validation_rows(rows: Sequence[dict]) -> List[dict]:
    """Per stream (and the fusion): the mean and sample standard deviation (``ddof=1``) of
    the test top-1 accuracy over the folds."""
    out = []
    for stream in dict.fromkeys(r['stream'] for r in rows):
        acc = np.array([r['test_top1'] for r in rows if r['stream'] == stream])
        out.append(dict(stream=stream, folds=len(acc), mean_top1=float(acc.mean()),
                        std_top1=float(acc.std(ddof=1)) if len(acc) > 1 else 0.0))
    return out


def format_table(summary: dict) -> str:
    """The printed table: a row per stream and fold and the fusion's, accuracies in percent,
    then with cross-validation the mean and spread over the folds."""
    lines = [f'{"fold":>4}  {"stream":<24} {"weight":>6} {"held-out":>8} {"test":>7}  result']
    for r in summary['rows']:
        weight = '' if r['weight'] is None else f'{r["weight"]:.3f}'
        fold = '-' if r['fold'] is None else str(r['fold'])
        lines.append(f'{fold:>4}  {r["stream"]:<24} {weight:>6} {100 * r["holdout_top1"]:8.2f} '
                     f'{100 * r["test_top1"]:7.2f}  {r["result"]}')
    if summary.get('cross_validation'):
        lines.append(f'test top-1 over {summary["cross_validation"][0]["folds"]} folds: mean '
                     f'+- sample standard deviation')
        for r in summary['cross_validation']:
            lines.append(f'      {r["stream"]:<24} {100 * r["mean_top1"]:.2f} +- '
                         f'{100 * r["std_top1"]:.2f}')
    return '\n'.join(lines)


def train_streams(settings: Settings, out_dir: str, log: Callable[[str], None] = print,
                  measure: Callable[[Config], StepTimes] = measure_step_times) -> dict:
    """Run every stage that is not done yet (see the module's docstring) and return the
    summary (also written to ``OUT/summary.json``)."""
    out = Path(out_dir).resolve()
    cfgs, plan = prepare(settings, out, log, measure)
    splits_file = str(out / 'splits.pkl')
    rows = []
    for fold in fold_names(settings):
        fold_dir = out if fold is None else out / f'fold{fold}'
        runs = []
        num_fit = len(plan['splits'][_prefix(fold) + 'fit'])
        for cfg, config, epochs in zip(cfgs, settings.configs, plan['epochs']):
            run = Run(stream_name(config), fold, fold_dir / stream_name(config))
            if not run.holdout_config.exists():
                run.folder.mkdir(parents=True, exist_ok=True)
                ipe = iters_per_epoch(cfg, num_fit)
                write_config(derived_config(cfg, splits_file, fold, 'test', epochs, ipe),
                             str(run.train_config))
                write_config(derived_config(cfg, splits_file, fold, 'holdout', epochs, ipe),
                             str(run.holdout_config))
            run_stream(run, settings.seed, log, settings.amp)
            runs.append(run)
        rows += fuse_fold(runs, fold_dir / 'fused.pkl')
    summary = dict(rows=rows, cross_validation=cross_validation_rows(rows)
                   if settings.kfold else None)
    _write_json(summary, out / 'summary.json')
    return summary

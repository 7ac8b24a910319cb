"""The dataset over PYSKL-format annotation pickles."""
import multiprocessing
from typing import Any, Callable, Dict, List, Optional, Sequence, Union

import numpy as np
import torch
from mmengine.dataset import BaseDataset

from stgcn_kit.errors import DataError
from stgcn_kit.registry import DATASETS, TRANSFORMS
from stgcn_kit.skeleton import get_layout
from stgcn_kit.utils import load_pickle
from stgcn_kit.utils.seeding import derive_seed, seed_everything

from .annotation import check_unique, is_label, shown_names, validate_record


@DATASETS.register_module()
class PoseDataset(BaseDataset):
    """Skeleton sequences from an annotation pickle ``{'split': {name: [frame_dir, ...]},
    'annotations': [record, ...]}`` (or a bare list of records).

    Every selected record is validated when the dataset loads, so a malformed one is reported
    with its file and ``frame_dir`` instead of failing later in a worker.

    Args:
        ann_file: the pickle.
        pipeline: transforms (configs or callables), built from this package's registry.
        split: the split whose ``frame_dir`` list selects the samples; all when None.
        valid_ratio: keep only samples whose ``valid[box_thr] / total_frames`` reaches it
            (PYSKL's filter for 2D detections; records then need a ``valid`` dict). When it is
            above 0, compressed records (``frame_inds``, see ``DecompressPose``) also keep only
            their boxes with ``box_score >= box_thr`` (``anno_inds``), as PYSKL's.
        box_thr: the detection-score threshold keying ``valid``; required with ``valid_ratio``.
        class_prob: PYSKL's per-class multipliers (a list indexed by label, or a dict ``{label:
            multiplier}``, 1 for a class it leaves out): in training, an epoch holds each
            sample of a class with multiplier ``m`` ``floor(m)`` times plus
            ``int(frac(m) * n)`` of the class's ``n`` samples drawn anew every epoch, so rare
            classes are seen more often. The epoch's length (``len``) is fixed; the draw follows
            the epoch seed (:meth:`set_epoch_seed`), so every worker agrees on it. Ignored in
            test mode.
        num_node: joints per skeleton, or a layout name, to check every record against.
        test_mode: passed to each sample as ``results['test_mode']`` (test-time sampling).
        trust_pickle: unpickle ``ann_file`` fully, which lets it run code: only for a file
            whose origin you trust. Without it the file may hold only plain data and numpy
            arrays (:mod:`stgcn_kit.utils.safe_pickle`).
        **kwargs: the rest of mmengine's :class:`BaseDataset` (``metainfo``, ``indices``,
            ``serialize_data``, ``lazy_init``, ...).

    ``metainfo['num_classes']`` is one more than the largest label of the whole file unless
    ``metainfo`` gives it. :meth:`check_num_classes` checks the selected samples against a
    model's class count.
    """

    def __init__(self, ann_file: str, pipeline: Sequence[Union[dict, Callable]] = (),
                 split: Optional[str] = None, valid_ratio: Optional[float] = None,
                 box_thr: Optional[float] = None, num_node: Union[int, str, dict, None] = None,
                 test_mode: bool = False, trust_pickle: bool = False,
                 class_prob: Union[Sequence[float], Dict[int, float], None] = None,
                 **kwargs) -> None:
        if valid_ratio is not None and box_thr is None:
            raise DataError('PoseDataset: valid_ratio needs box_thr (the key of record["valid"])')
        if 'skeleton' in (kwargs.get('data_prefix') or {}):
            raise DataError("PoseDataset: data_prefix['skeleton'] (mmaction2's per-sample "
                            "skeleton files) is not supported; keep the poses in ann_file")
        if class_prob is not None:
            class_prob = dict(class_prob if isinstance(class_prob, dict)
                              else enumerate(class_prob))
            if not all(is_label(k) and float(m) >= 0 for k, m in class_prob.items()):
                raise DataError(f'PoseDataset: class_prob must map labels to multipliers >= 0, '
                                f'got {class_prob}')
        self.class_prob = None if test_mode else class_prob
        self._draw = None
        self.split = split
        self.trust_pickle = trust_pickle
        self.valid_ratio = valid_ratio
        self.box_thr = box_thr
        self.num_node = (get_layout(num_node).num_node if isinstance(num_node, (str, dict))
                         else num_node)
        self._labels = np.zeros(0, np.int64)
        self._names: List[str] = []
        self._epoch_seed = None
        self._seeded = -1
        pipeline = [TRANSFORMS.build(t) if isinstance(t, dict) else t for t in pipeline]
        super().__init__(ann_file=ann_file, pipeline=pipeline, test_mode=test_mode, **kwargs)

    def load_data_list(self) -> List[dict]:
        data = load_pickle(self.ann_file, self.trust_pickle,
                           hint='set trust_pickle=True in the dataset config (tools: '
                                '--trust-pickle) if you trust where it comes from')
        if isinstance(data, list):
            data = {'split': {}, 'annotations': data}
        if not isinstance(data, dict) or not isinstance(data.get('annotations'), list):
            raise DataError(f'{self.ann_file}: expected a dict with an "annotations" list (or a '
                            f'list of records), got {type(data).__name__}')
        records = data['annotations']
        for record in records:
            validate_record(record, self.num_node, source=self.ann_file)
        check_unique((r['frame_dir'] for r in records), self.ann_file, 'the annotations')
        if self.split is not None:
            records = self._select_split(data.get('split') or {}, records)
        if self.valid_ratio is not None:
            records = [r for r in records if self._valid_enough(r)]
            if self.valid_ratio > 0:
                records = [self._with_anno_inds(r) for r in records]
        if not records:
            raise DataError(f'{self.ann_file}: no samples selected (split {self.split!r}'
                            + (f', valid_ratio {self.valid_ratio}' if self.valid_ratio else '')
                            + ')')
        # kept apart from the data list, which is serialized and dropped after loading
        self._labels = np.array([r['label'] for r in records], np.int64)
        self._names = [r['frame_dir'] for r in records]
        self._metainfo.setdefault('num_classes',
                                  max((int(r['label']) for r in data['annotations']), default=-1)
                                  + 1)
        return [dict(record, test_mode=self.test_mode) for record in records]

    def check_num_classes(self, num_classes: int) -> None:
        """Raise :class:`~stgcn_kit.errors.DataError` naming the file and the first sample
        whose label is not below ``num_classes``."""
        self.full_init()
        bad = np.flatnonzero(self._labels >= num_classes)
        if len(bad):
            first = bad[0]
            raise DataError(f'{self.ann_file}: sample {self._names[first]!r} has label '
                           f'{self._labels[first]}, but the model has {num_classes} classes '
                            f'(0-{num_classes - 1}); {len(bad)} sample(s) out of range')

    def set_epoch_seed(self, seed: int) -> None:
        """Have each process that loads samples (the main one or a data loader's workers,
        persistent ones included) reseed its global generators from ``seed`` and its worker id
        before its next sample. The runner calls it at the start of every training epoch, so
        an epoch's augmentations depend on the run's seed and the epoch alone."""
        if self._epoch_seed is None:
            # shared memory, made before the workers fork, so persistent workers see each
            # epoch's seed
            self._epoch_seed = multiprocessing.RawValue('q', -1)
        self._epoch_seed.value = seed

    def prepare_data(self, idx: int) -> Any:
        if self._epoch_seed is not None and self._epoch_seed.value != self._seeded:
            self._seeded = self._epoch_seed.value
            worker = torch.utils.data.get_worker_info()
            seed_everything(derive_seed(self._seeded, 0 if worker is None else worker.id + 1))
        if self.class_prob is not None:
            idx = self._epoch_draw()[idx]
        return super().prepare_data(idx)

    def __len__(self) -> int:
        if self.class_prob is None:
            return super().__len__()
        return len(self._epoch_draw())

    def _epoch_draw(self) -> np.ndarray:
        """The sample indices of this epoch under ``class_prob``: grouped by class, in the order
        of the labels (the loader's sampler shuffles them)."""
        self.full_init()
        seed = max(self._seeded, 0)
        if self._draw is None or self._draw[0] != seed:
            rng = np.random.RandomState(derive_seed(seed, 0, 1))  # not a worker's stream
            parts = []
            for label in np.unique(self._labels):
                members = np.flatnonzero(self._labels == label)
                mul = float(self.class_prob.get(int(label), 1))
                extra = rng.permutation(len(members))[:int(mul % 1 * len(members))]
                parts += [np.tile(members, int(mul)), members[np.sort(extra)]]
            self._draw = (seed, np.concatenate(parts))
        return self._draw[1]

    def _select_split(self, splits: dict, records: List[dict]) -> List[dict]:
        if not isinstance(splits, dict):
            raise DataError(f'{self.ann_file}: "split" must map split names to lists of '
                             f'frame_dir, got a {type(splits).__name__}')
        if self.split not in splits:
            raise DataError(f'{self.ann_file}: no split {self.split!r}; available splits: '
                            f'{sorted(splits)}')
        by_name = {r['frame_dir']: r for r in records}
        names = splits[self.split]
        if not isinstance(names, (list, tuple)) or not all(isinstance(n, str) for n in names):
            raise DataError(f'{self.ann_file}: split {self.split!r} must be a list of frame_dir '
                             f'strings')
        check_unique(names, self.ann_file, f'split {self.split!r}')
        missing = [n for n in names if n not in by_name]
        if missing:
            raise DataError(f'{self.ann_file}: split {self.split!r} lists {len(missing)} '
                            f'sample(s) absent from the annotations: {shown_names(missing)}')
        return [by_name[n] for n in names]

    def _with_anno_inds(self, record: dict) -> dict:
        if 'frame_inds' not in record:
            return record
        if 'box_score' not in record:
            raise DataError(f'{self.ann_file}: sample {record["frame_dir"]!r}: valid_ratio > 0 '
                            f'needs the box_score of its compressed poses')
        return dict(record, anno_inds=np.asarray(record['box_score']) >= self.box_thr)

    def _valid_enough(self, record: dict) -> bool:
        valid = record.get('valid')
        if not isinstance(valid, dict) or self.box_thr not in valid:
            raise DataError(f'{self.ann_file}: sample {record["frame_dir"]!r}: valid_ratio '
                            f'needs record["valid"][{self.box_thr}]')
        return valid[self.box_thr] / record['total_frames'] >= self.valid_ratio

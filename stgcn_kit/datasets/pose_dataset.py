"""The dataset over PYSKL-format annotation pickles."""
from typing import Callable, List, Optional, Sequence, Union

from mmengine.dataset import BaseDataset

from stgcn_kit.models.graph import get_layout
from stgcn_kit.registry import DATASETS, TRANSFORMS
from stgcn_kit.utils import load_pickle
from .annotation import validate_record


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
            (PYSKL's filter for 2D detections; records then need a ``valid`` dict).
        box_thr: the detection-score threshold keying ``valid``; required with ``valid_ratio``.
        num_node: joints per skeleton, or a layout name, to check every record against.
        test_mode: passed to each sample as ``results['test_mode']`` (test-time sampling).
        trust_pickle: unpickle ``ann_file`` fully, which lets it run code: only for a file
            whose origin you trust. Without it the file may hold only plain data and numpy
            arrays (:mod:`stgcn_kit.utils.safe_pickle`).
        **kwargs: the rest of mmengine's :class:`BaseDataset` (``metainfo``, ``indices``,
            ``serialize_data``, ``lazy_init``, ...).

    ``metainfo['num_classes']`` is one more than the largest label of the whole file unless
    ``metainfo`` gives it.
    """

    def __init__(self, ann_file: str, pipeline: Sequence[Union[dict, Callable]] = (),
                 split: Optional[str] = None, valid_ratio: Optional[float] = None,
                 box_thr: Optional[float] = None, num_node: Union[int, str, None] = None,
                 test_mode: bool = False, trust_pickle: bool = False, **kwargs) -> None:
        if valid_ratio is not None and box_thr is None:
            raise ValueError('PoseDataset: valid_ratio needs box_thr (the key of record["valid"])')
        self.split = split
        self.trust_pickle = trust_pickle
        self.valid_ratio = valid_ratio
        self.box_thr = box_thr
        self.num_node = get_layout(num_node).num_node if isinstance(num_node, str) else num_node
        pipeline = [TRANSFORMS.build(t) if isinstance(t, dict) else t for t in pipeline]
        super().__init__(ann_file=ann_file, pipeline=pipeline, test_mode=test_mode, **kwargs)

    def load_data_list(self) -> List[dict]:
        data = load_pickle(self.ann_file, self.trust_pickle,
                           hint='set trust_pickle=True in the dataset config (tools: '
                                '--trust-pickle) if you trust where it comes from')
        if isinstance(data, list):
            data = {'split': {}, 'annotations': data}
        if not isinstance(data, dict) or not isinstance(data.get('annotations'), list):
            raise ValueError(f'{self.ann_file}: expected a dict with an "annotations" list (or a '
                             f'list of records), got {type(data).__name__}')
        records = data['annotations']
        for record in records:
            validate_record(record, self.num_node, source=self.ann_file)
        if self.split is not None:
            records = self._select_split(data.get('split') or {}, records)
        if self.valid_ratio is not None:
            records = [r for r in records if self._valid_enough(r)]
        if not records:
            raise ValueError(f'{self.ann_file}: no samples'
                             f'{f" in split {self.split!r}" if self.split is not None else ""}')
        self._metainfo.setdefault('num_classes',
                                  max((int(r['label']) for r in data['annotations']), default=-1)
                                  + 1)
        return [dict(record, test_mode=self.test_mode) for record in records]

    def _select_split(self, splits: dict, records: List[dict]) -> List[dict]:
        if not isinstance(splits, dict):
            raise ValueError(f'{self.ann_file}: "split" must map split names to lists of '
                             f'frame_dir, got a {type(splits).__name__}')
        if self.split not in splits:
            raise ValueError(f'{self.ann_file}: no split {self.split!r}; available splits: '
                             f'{sorted(splits)}')
        by_name = {r['frame_dir']: r for r in records}
        names = splits[self.split]
        if not isinstance(names, (list, tuple)) or not all(isinstance(n, str) for n in names):
            raise ValueError(f'{self.ann_file}: split {self.split!r} must be a list of frame_dir '
                             f'strings')
        missing = [n for n in names if n not in by_name]
        if missing:
            shown = ', '.join(map(repr, missing[:10])) + (' ...' if len(missing) > 10 else '')
            raise ValueError(f'{self.ann_file}: split {self.split!r} lists {len(missing)} '
                             f'sample(s) absent from the annotations: {shown}')
        return [by_name[n] for n in names]

    def _valid_enough(self, record: dict) -> bool:
        valid = record.get('valid')
        if not isinstance(valid, dict) or self.box_thr not in valid:
            raise ValueError(f'{self.ann_file}: sample {record["frame_dir"]!r}: valid_ratio '
                             f'needs record["valid"][{self.box_thr}]')
        return valid[self.box_thr] / record['total_frames'] >= self.valid_ratio

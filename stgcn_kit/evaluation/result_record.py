"""The per-sample result record: what the test metrics keep for each sample, what
``tools/test.py --out`` writes (a list of them) and what ``tools/ensemble.py`` fuses."""
from typing import Any, Mapping, Sequence, Tuple, TypedDict

import numpy as np

RECORD_KEYS = ('frame_dir', 'gt_label', 'pred_score')
# for command-line help and messages
RECORD_FORMAT = ('a list of dicts frame_dir (str, the sample id), gt_label (int), pred_score '
                 '(float32 (num_classes,), or (num_clips, num_classes) with --average-clips none)')


class ResultRecord(TypedDict):
    """One test sample: its id, its true class and its class scores (averaged over clips, or
    one row per clip when the test keeps every clip's scores)."""
    frame_dir: str
    gt_label: int
    pred_score: np.ndarray


def make_record(frame_dir: Any, gt_label: Any, pred_score: Any,
                per_clip: bool = False) -> ResultRecord:
    """A record with the field types fixed: ``str``, ``int`` and float32 ``(num_classes,)``, or
    ``(num_clips, num_classes)`` with ``per_clip``."""
    score = np.asarray(pred_score, dtype=np.float32)
    return ResultRecord(frame_dir=str(frame_dir),
                        gt_label=int(np.asarray(gt_label).reshape(-1)[0]),
                        pred_score=score.reshape(-1, score.shape[-1]) if per_clip
                        else score.reshape(-1))


def record_from_sample(sample: Mapping[str, Any]) -> ResultRecord:
    """The record of one predicted data sample (as the evaluator passes it: a dict with tensors
    ``gt_label`` ``(1,)`` and ``pred_score`` ``(num_classes,)``, or ``(num_clips,
    num_classes)`` from a recognizer that keeps every clip's scores)."""
    score = sample['pred_score'].detach().cpu()
    return make_record(sample.get('frame_dir', ''), sample['gt_label'].cpu(), score,
                       per_clip=score.ndim == 2)


def stack_records(records: Sequence[Mapping[str, Any]]) -> Tuple[np.ndarray, np.ndarray]:
    """``(scores (N, num_classes), labels (N,))`` of ``records`` in their order."""
    return (np.stack([np.asarray(r['pred_score'], dtype=np.float32) for r in records]),
            np.array([r['gt_label'] for r in records], dtype=np.int64))

"""The skeleton action recognizer: backbone, head, loss and multi-clip test averaging."""
from typing import Dict, List, Optional, Sequence, Union

import torch
from mmengine.model import BaseModel
from torch import nn

from ...registry import MODELS
from ...structures import ActionDataSample

AVERAGE_CLIPS = ('prob', 'score', None)


@MODELS.register_module()
class RecognizerGCN(BaseModel):
    """``cls_head(backbone(x))`` with the clips of a sample folded into the batch.

    Args:
        backbone: config of the backbone (``STGCN``, ``AAGCN``, ``AGCN``).
        cls_head: config of the head (``GCNHead``).
        data_preprocessor: config or module; ``GCNDataPreprocessor`` by default.
        test_cfg: ``average_clips``: how ``predict`` merges the clips of a sample: ``'prob'``
            averages the softmax, ``'score'`` the raw scores, ``None`` keeps each clip's raw
            scores, ``(num_clips, num_classes)`` per sample (as mmaction2 does).
        init_cfg: initialisation config of the whole model.
    """

    def __init__(self, backbone: dict, cls_head: dict,
                 data_preprocessor: Optional[Union[dict, nn.Module]] = None,
                 test_cfg: Optional[dict] = None, init_cfg: Optional[dict] = None) -> None:
        if data_preprocessor is None:
            data_preprocessor = dict(type='GCNDataPreprocessor')
        if isinstance(data_preprocessor, dict):
            # built here: BaseModel would look the type up in mmengine's root registry
            data_preprocessor = MODELS.build(data_preprocessor)
        super().__init__(data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        self.backbone = MODELS.build(backbone)
        self.cls_head = MODELS.build(cls_head)
        self.test_cfg = dict(average_clips='prob')
        self.test_cfg.update(test_cfg or {})
        if self.test_cfg['average_clips'] not in AVERAGE_CLIPS:
            raise ValueError(f"test_cfg.average_clips must be one of {AVERAGE_CLIPS}, "
                             f"got {self.test_cfg['average_clips']!r}")

    @staticmethod
    def _num_clips(data_samples: Optional[Sequence[ActionDataSample]]) -> int:
        if not data_samples:
            return 1
        return int(data_samples[0].metainfo.get('num_clips', 1))

    def clips_of(self, inputs: torch.Tensor,
                 data_samples: Optional[Sequence[ActionDataSample]]) -> int:
        """Clips per sample: dimension 1 of ``(N, num_clips, M, T, V, C)`` inputs, else the
        samples' ``metainfo['num_clips']``."""
        return inputs.shape[1] if inputs.dim() == 6 else self._num_clips(data_samples)

    def extract_scores(self, inputs: torch.Tensor, num_clips: int = 1) -> torch.Tensor:
        """Per-clip class scores ``(N*num_clips, num_classes)`` of ``(N, num_clips, M, T, V,
        C)`` inputs (``FormatGCNInput``'s and PYSKL's), or of ``(N, num_clips*M, T, V, C)``."""
        if inputs.dim() == 6:
            if inputs.shape[1] != num_clips:
                raise ValueError(f'inputs of shape {tuple(inputs.shape)} hold '
                                 f'{inputs.shape[1]} clips, not num_clips={num_clips}')
            return self.cls_head(self.backbone(inputs.flatten(0, 1)))
        n, clips_persons = inputs.shape[:2]
        if clips_persons % num_clips:
            raise ValueError(f'inputs of shape {tuple(inputs.shape)}: dimension 1 '
                             f'(num_clips*M = {clips_persons}) is not divisible by '
                             f'num_clips={num_clips}')
        x = inputs.reshape((n * num_clips, clips_persons // num_clips) + inputs.shape[2:])
        return self.cls_head(self.backbone(x))

    def average_clips(self, cls_score: torch.Tensor, num_clips: int) -> torch.Tensor:
        """``(N*num_clips, num_classes)`` -> ``(N, num_classes)`` as ``test_cfg`` says (or
        ``(N, num_clips, num_classes)`` for ``average_clips=None``)."""
        cls_score = cls_score.view(-1, num_clips, cls_score.size(-1))
        mode = self.test_cfg['average_clips']
        if mode == 'prob':
            return cls_score.softmax(-1).mean(1)
        if mode == 'score':
            return cls_score.mean(1)
        return cls_score

    def forward(self, inputs: torch.Tensor,
                data_samples: Optional[List[ActionDataSample]] = None,
                mode: str = 'tensor') -> Union[Dict[str, torch.Tensor], List[ActionDataSample],
                                               torch.Tensor]:
        """Run in ``mode``:

        - ``'loss'``: ``dict(loss_cls, top1_acc)``; each clip counts as a sample with its
          sample's label;
        - ``'predict'``: ``data_samples`` with ``pred_score`` set (see ``test_cfg``);
        - ``'tensor'``: raw per-clip scores ``(N*num_clips, num_classes)``.

        Args:
            inputs: ``(N, num_clips, M, T, V, C)`` (or ``(N, num_clips*M, T, V, C)``).
            data_samples: one :class:`ActionDataSample` per sample; ``metainfo['num_clips']``
                (default 1) gives the clips.
            mode: ``'loss'``, ``'predict'`` or ``'tensor'``.
        """
        num_clips = self.clips_of(inputs, data_samples)
        cls_score = self.extract_scores(inputs, num_clips)
        if mode == 'tensor':
            return cls_score
        if mode == 'loss':
            labels = torch.cat([sample.gt_label for sample in data_samples]).to(cls_score.device)
            return self.cls_head.loss(cls_score, labels.repeat_interleave(num_clips))
        if mode == 'predict':
            # float32 whatever autocast computed them in: results and metrics read them
            for sample, score in zip(data_samples,
                                     self.average_clips(cls_score, num_clips).float()):
                sample.pred_score = score
            return data_samples
        raise ValueError(f"mode must be 'loss', 'predict' or 'tensor', got {mode!r}")

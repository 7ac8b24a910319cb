"""The per-sample record that travels from the pipeline through the model to the metrics."""
from typing import Union

import numpy as np
import torch
from mmengine.structures import BaseDataElement


class ActionDataSample(BaseDataElement):
    """One sample's label, and after prediction its class scores.

    Fields: ``gt_label`` (LongTensor, shape ``(1,)``), ``pred_score`` (FloatTensor
    ``(num_classes,)``, averaged over clips). Meta information: ``frame_dir`` (the sample id),
    ``num_clips``, ``total_frames`` and whatever else the pipeline's ``PackActionInputs`` keeps.
    """

    @property
    def gt_label(self) -> torch.Tensor:
        return self._gt_label

    @gt_label.setter
    def gt_label(self, value: Union[int, np.integer, torch.Tensor]) -> None:
        self.set_field(torch.as_tensor(value, dtype=torch.long).reshape(-1), '_gt_label',
                       dtype=torch.Tensor)

    @gt_label.deleter
    def gt_label(self) -> None:
        del self._gt_label

    @property
    def pred_score(self) -> torch.Tensor:
        return self._pred_score

    @pred_score.setter
    def pred_score(self, value: torch.Tensor) -> None:
        self.set_field(value, '_pred_score', dtype=torch.Tensor)

    @pred_score.deleter
    def pred_score(self) -> None:
        del self._pred_score

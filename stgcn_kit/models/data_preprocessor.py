"""Moves a collated skeleton batch to the model's device."""
from typing import Union

import torch
from mmengine.model import BaseDataPreprocessor

from ..registry import MODELS


@MODELS.register_module()
class GCNDataPreprocessor(BaseDataPreprocessor):
    """Stack the inputs if they come as a list, cast them to float32 on the model's device.

    The skeleton pipeline already normalises, so nothing else happens here.
    """

    def forward(self, data: dict, training: bool = False) -> dict:
        """``data['inputs']``: a ``(N, num_clips*M, T, V, C)`` tensor or a list of ``N`` tensors
        ``(num_clips*M, T, V, C)``; returns ``dict(inputs=..., data_samples=...)``."""
        inputs: Union[torch.Tensor, list] = data['inputs']
        if isinstance(inputs, (list, tuple)):
            inputs = torch.stack(list(inputs))
        data = self.cast_data(dict(inputs=inputs, data_samples=data.get('data_samples')))
        data['inputs'] = data['inputs'].float()
        return data

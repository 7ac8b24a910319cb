"""GCNDataPreprocessor: stacking, float32, device."""
import torch

from stgcn_kit.models import GCNDataPreprocessor
from stgcn_kit.structures import ActionDataSample


def test_list_is_stacked_and_cast():
    parts = [torch.arange(24, dtype=torch.float64).view(2, 3, 4, 1) + i for i in range(3)]
    samples = [ActionDataSample(metainfo=dict(frame_dir=f's{i}')) for i in range(3)]
    out = GCNDataPreprocessor()(dict(inputs=parts, data_samples=samples))
    assert out['inputs'].dtype == torch.float32 and out['inputs'].shape == (3, 2, 3, 4, 1)
    for i, part in enumerate(parts):
        assert torch.equal(out['inputs'][i], part.float())
    assert [s.frame_dir for s in out['data_samples']] == ['s0', 's1', 's2']


def test_stacked_batch_passes_through_on_the_model_device():
    pre = GCNDataPreprocessor()
    batch = torch.randn(2, 2, 5, 17, 3)
    out = pre(dict(inputs=batch))
    assert torch.equal(out['inputs'], batch) and out['inputs'].device == pre.device
    assert out['data_samples'] is None

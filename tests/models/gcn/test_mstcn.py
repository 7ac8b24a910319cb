"""mstcn: PYSKL's channel split, and the forward as its branches composed by hand."""
import pytest
import torch

from stgcn_kit.models.gcn import mstcn


def test_channel_split_gives_the_remainder_to_branch_zero():
    unit = mstcn(64, 64)
    widths = [b.weight.shape[0] if isinstance(b, torch.nn.Conv2d) else b[0].weight.shape[0]
              for b in unit.branches]
    assert widths == [14, 10, 10, 10, 10, 10] and sum(widths) == 64


@pytest.mark.parametrize('in_channels', [6, 16])  # 1x1 branch sliced first / strided itself
def test_forward_is_the_concatenated_branches_through_transform_and_bn(in_channels):
    torch.manual_seed(0)
    unit = mstcn(in_channels, 12, stride=2).eval()
    x = torch.randn(2, in_channels, 10, 5)
    parts = []
    for branch in unit.branches:
        if isinstance(branch, torch.nn.Conv2d):  # the 1x1 branch: every second frame
            w, b = branch.weight[:, :, 0, 0], branch.bias
            parts.append(torch.einsum('oi,nitv->notv', w, x[:, :, ::2]) + b[:, None, None])
            continue
        squeezed = torch.relu(branch[1](branch[0](x)))
        parts.append(branch[3](squeezed))
    expected = unit.bn(unit.transform[2](torch.relu(unit.transform[0](torch.cat(parts, 1)))))
    out = unit(x)
    assert out.shape == (2, 12, 5, 5)
    torch.testing.assert_close(out, expected)

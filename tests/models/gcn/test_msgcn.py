"""MS-G3D's window graph convolution: the residual PYSKL adds in place, out of place here."""
import torch

from stgcn_kit.models.gcn import ST_MSGCN
from stgcn_kit.models.graph import Graph


def test_st_msgcn_residual_is_added_before_the_relu_and_backpropagates():
    torch.manual_seed(0)
    adj = torch.tensor(Graph('coco', 'binary_adj').A[0])
    unit = ST_MSGCN(8, 8, adj, num_scales=2, window_size=3, residual=True).train()
    x = torch.randn(2, 8, 4, 3 * 17, requires_grad=True)
    out = unit(x)
    no_res = ST_MSGCN(8, 8, adj, num_scales=2, window_size=3)
    no_res.load_state_dict(unit.state_dict())
    torch.testing.assert_close(out, torch.relu(no_res(x) + x))
    out.sum().backward()  # PYSKL's in-place add on the ReLU output fails here
    assert torch.isfinite(x.grad).all() and x.grad.abs().sum() > 0

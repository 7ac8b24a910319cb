"""PYSKL's initialisation of its graph units' convolutions and BNs."""
from torch import nn


def kaiming_conv_init(module: nn.Module) -> None:
    """PYSKL's ``conv_init`` on every 2-D convolution of ``module`` (Kaiming normal, fan-out,
    zero bias) and BN weight 1, bias 0."""
    for m in module.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode='fan_out')
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)

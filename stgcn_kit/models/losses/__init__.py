"""Classification losses, registered in ``MODELS`` for a head's ``loss_cls``."""
from .cb_focal_loss import CBFocalLoss

__all__ = ['CBFocalLoss']

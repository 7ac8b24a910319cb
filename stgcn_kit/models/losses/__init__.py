"""Classification losses, registered in ``MODELS`` for a head's ``loss_cls``: ``CrossEntropyLoss``,
``CBFocalLoss``."""
from .cb_focal_loss import CBFocalLoss
from .cross_entropy_loss import CrossEntropyLoss

__all__ = ['CBFocalLoss', 'CrossEntropyLoss']

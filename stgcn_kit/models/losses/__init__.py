"""Classification losses, registered in ``MODELS``: ``CrossEntropyLoss``."""
from .cross_entropy_loss import CrossEntropyLoss

__all__ = ['CrossEntropyLoss']

"""Datasets of skeleton sequences and the transforms that turn them into model inputs."""
from .pose_dataset import PoseDataset

__all__ = ['PoseDataset']

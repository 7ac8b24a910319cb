"""What the tools call: training and testing entry points, single-sequence inference, and
online recognition (tracking, streamed windows, segments, timelines)."""
from .inference import (
                        Recognition,
                        inference_recognizer,
                        init_recognizer,
                        is_heatmap_model,
                        load_label_map,
                        model_layout,
)
from .segments import Segment, Segmenter
from .stream import StreamRecognizer, StreamStep, WindowScores
from .test import configure_testing, run_test
from .timeline import TimelineWriter
from .tracking import PoseTracker
from .train import configure_training, train_model

__all__ = ['PoseTracker', 'Recognition', 'Segment', 'Segmenter', 'StreamRecognizer', 'StreamStep',
           'TimelineWriter', 'WindowScores', 'configure_testing', 'configure_training',
           'inference_recognizer', 'init_recognizer', 'is_heatmap_model', 'load_label_map',
           'model_layout', 'run_test', 'train_model']

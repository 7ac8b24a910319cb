"""What the tools call: training and testing entry points, and single-sequence inference."""
from .inference import (
                        Recognition,
                        inference_recognizer,
                        init_recognizer,
                        is_heatmap_model,
                        load_label_map,
                        model_layout,
)
from .test import configure_testing, run_test
from .train import configure_training, train_model

__all__ = ['Recognition', 'configure_testing', 'configure_training', 'inference_recognizer',
           'init_recognizer', 'is_heatmap_model', 'load_label_map', 'model_layout', 'run_test',
           'train_model']

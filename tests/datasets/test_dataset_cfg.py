"""innermost_dataset_cfg: the pipeline-holding config inside dataset wrappers."""
from mmengine.config import Config

from stgcn_kit.datasets.dataset_cfg import innermost_dataset_cfg


def test_innermost_dataset_cfg_unwraps_repeat_datasets():
    inner = dict(type='PoseDataset', pipeline=[dict(type='PoseDecode')])
    cfg = Config(dict(dataset=dict(type='RepeatDataset', times=2,
                                   dataset=dict(type='RepeatDataset', times=5, dataset=inner))))
    assert innermost_dataset_cfg(cfg.dataset) == inner
    assert innermost_dataset_cfg(cfg.dataset.dataset.dataset) is cfg.dataset.dataset.dataset

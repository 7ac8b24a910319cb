"""Reading dataset configs."""


def innermost_dataset_cfg(dataset: dict) -> dict:
    """The dataset config that holds the pipeline, inside wrappers such as ``RepeatDataset``."""
    while 'pipeline' not in dataset:
        dataset = dataset['dataset']
    return dataset

# The loader and metric settings that every dataset base in this folder shares; a dataset base
# lists this file in its _base_ and adds what is its own: ann_file, split and pipeline of each
# loader's dataset, and batch_size or num_workers where they differ from these (mmengine merges
# the dicts key by key). Each loader reads a PoseDataset; a training set wrapped in a
# RepeatDataset sets dataset.type='RepeatDataset' and the PoseDataset inside it in full.
train_dataloader = dict(
    batch_size=16,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    collate_fn=dict(type='default_collate'),
    dataset=dict(type='PoseDataset'))
val_dataloader = dict(
    batch_size=16,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='default_collate'),
    dataset=dict(type='PoseDataset', test_mode=True))
test_dataloader = dict(val_dataloader, batch_size=1)  # the val loader, one sample a batch

val_evaluator = [dict(type='AccMetric')]
test_evaluator = val_evaluator

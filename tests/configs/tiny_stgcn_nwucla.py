# The NW-UCLA joint config shrunk for tests: a 3-block ST-GCN with 8 channels, batches of 4,
# no worker processes, one epoch, a log line per iteration. Tests set the three ann_file keys.
_base_ = ['../../configs/stgcn/stgcn_nwucla/j.py']

model = dict(
    backbone=dict(base_channels=8, num_stages=3, inflate_stages=[2], down_stages=[2]),
    cls_head=dict(in_channels=16))
loader = dict(batch_size=4, num_workers=0, persistent_workers=False)
train_dataloader = loader
val_dataloader = loader
test_dataloader = dict(loader, batch_size=2)
train_cfg = dict(max_epochs=1, val_interval=1)
default_hooks = dict(logger=dict(interval=1))
# test runs are shorter than the recipe's warm-up
param_scheduler = [
    dict(type='CosineAnnealingLR', eta_min=0, by_epoch=True, convert_to_iter_based=True)
]

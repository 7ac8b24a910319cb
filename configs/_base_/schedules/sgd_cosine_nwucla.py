# NW-UCLA on a small machine: batch 16 (one process), SGD nesterov lr 0.05 reached by a linear
# warm-up over the first 3 epochs, then cosine annealing per iteration to 0 at the last epoch
# (the cosine's end follows train_cfg.max_epochs, so --cfg-options train_cfg.max_epochs=N is all
# it takes to change it; in a run of warmup_epochs or fewer, PortableRunner leaves the cosine out
# and the run is all warm-up). Measured here: lr 0.1 without warm-up kept ST-GCN's loss at ~2.0
# for 5 epochs; lr 0.025 without warm-up still underfitted after 20 epochs (train loss 0.87).
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=35, val_begin=1, val_interval=5)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

warmup_epochs = 3
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.05, momentum=0.9, weight_decay=5e-4, nesterov=True))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=True, begin=0, end=warmup_epochs,
         convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', eta_min=0, by_epoch=True, begin=warmup_epochs,
         convert_to_iter_based=True)
]
# --auto-scale-lr rescales lr by (processes x batch) / 16.
auto_scale_lr = dict(enable=False, base_batch_size=16)

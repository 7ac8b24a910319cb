# NW-UCLA on a small machine: batch 16 (one process), SGD nesterov lr 0.025, cosine annealing per
# iteration to 0 at the last epoch (T_max and end follow train_cfg.max_epochs, so
# --cfg-options train_cfg.max_epochs=N is all it takes to change it). lr 0.1 (CTR-GCN's value at
# this batch size, which it pairs with a warm-up) kept ST-GCN's loss at ~2.0 for 5 epochs here;
# 0.025 is PYSKL's 0.1 at batch 128 scaled to 16, times 2.
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=30, val_begin=1, val_interval=5)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.025, momentum=0.9, weight_decay=5e-4, nesterov=True))
param_scheduler = [
    dict(type='CosineAnnealingLR', eta_min=0, by_epoch=True, convert_to_iter_based=True)
]
# --auto-scale-lr rescales lr by (processes x batch) / 16.
auto_scale_lr = dict(enable=False, base_batch_size=16)

# PYSKL practice: SGD nesterov lr 0.1 for 8 GPUs x 16 samples, weight decay 5e-4, cosine
# annealing per iteration over 16 epochs (of a training set the dataset repeats 5 times).
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=16, val_begin=1, val_interval=1)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=5e-4, nesterov=True))
param_scheduler = [
    dict(type='CosineAnnealingLR', eta_min=0, by_epoch=True, convert_to_iter_based=True)
]
# --auto-scale-lr: lr x (processes x batch) / 128
auto_scale_lr = dict(enable=False, base_batch_size=128)

# PYSKL's PoseC3D schedule: SGD lr 0.4 for 8 GPUs x 32 samples, momentum 0.9, weight decay
# 3e-4, gradients clipped at norm 40, cosine annealing per iteration over 24 epochs (of a
# training set repeated 10 times), validation every epoch.
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=24, val_begin=1, val_interval=1)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.4, momentum=0.9, weight_decay=3e-4),
    clip_grad=dict(max_norm=40, norm_type=2))
param_scheduler = [
    dict(type='CosineAnnealingLR', eta_min=0, by_epoch=True, convert_to_iter_based=True)
]
# --auto-scale-lr: lr x (processes x batch) / 256
auto_scale_lr = dict(enable=False, base_batch_size=256)

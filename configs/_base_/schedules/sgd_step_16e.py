# PYSKL's vanilla ST-GCN schedule: SGD lr 0.1 (no nesterov) for 8 GPUs x 16 samples, weight
# decay 1e-4, lr x0.1 at epochs 2 and 10, 16 epochs (of a training set the dataset repeats 5
# times).
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=16, val_begin=1, val_interval=1)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(optimizer=dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=1e-4))
param_scheduler = [dict(type='MultiStepLR', milestones=[2, 10], gamma=0.1, by_epoch=True)]
# --auto-scale-lr: lr x (processes x batch) / 128
auto_scale_lr = dict(enable=False, base_batch_size=128)

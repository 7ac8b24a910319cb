# The original ST-GCN on NTU RGB+D (yysijie/st-gcn, also mmaction2 0.x's stgcn_80e_*): SGD
# nesterov lr 0.1 for a batch of 64, weight decay 1e-4, lr x0.1 at epochs 10 and 50, 80 epochs.
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=80, val_begin=1, val_interval=5)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=1e-4, nesterov=True))
param_scheduler = [dict(type='MultiStepLR', milestones=[10, 50], gamma=0.1, by_epoch=True)]
# --auto-scale-lr: lr x (processes x batch) / 64
auto_scale_lr = dict(enable=False, base_batch_size=64)

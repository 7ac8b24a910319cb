# Small datasets (tens to a few thousand training sequences), one process, batch 16: SGD nesterov
# lr 0.05, a linear warm-up over the first tenth of the run, cosine annealing to 0 at its end.
# The warm-up and the cosine both start at iteration 0 and multiply (mmengine chains them), so no
# run length can leave the cosine an empty range. tools/data/make_config.py sizes max_epochs and
# warmup_epochs to the dataset (stgcn_kit/apis/data_config.py: schedule_for); leaf configs
# overriding max_epochs should set warmup_epochs = max_epochs / 10 too (at least two
# iterations: a LinearLR over one never leaves its start factor).
max_epochs = 30
warmup_epochs = 3.0  # fractional epochs are fine: mmengine turns them into iterations
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=max_epochs, val_begin=1,
                 val_interval=max(1, max_epochs // 5))
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.05, momentum=0.9, weight_decay=5e-4, nesterov=True))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=True, begin=0, end=warmup_epochs,
         convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', eta_min=0, by_epoch=True, begin=0,
         convert_to_iter_based=True)
]
# --auto-scale-lr rescales lr by (processes x batch) / 16.
auto_scale_lr = dict(enable=False, base_batch_size=16)

"""ST-GCN on BABEL-60 as mmaction2 0.x trains it (stgcn_80e_babel60.py): edge importance without
dropout, one person, batch 16 x 8 GPUs, SGD nesterov lr 0.1, weight decay 1e-4, 16 x 5 epochs, lr
x0.1 at epochs 10 and 14, cross-entropy; report mean class accuracy as well as top-1."""
_base_ = ['../../_base_/models/stgcn_vanilla.py', '../../_base_/datasets/babel.py',
          '../../_base_/schedules/sgd_step_16e.py', '../../_base_/default_runtime.py']

model = dict(backbone=dict(graph_cfg=dict(layout='ntu-rgb+d'), tcn_dropout=0., num_person=1),
             cls_head=dict(num_classes=60))
optim_wrapper = dict(optimizer=dict(nesterov=True))
param_scheduler = [dict(type='MultiStepLR', milestones=[10, 14], gamma=0.1, by_epoch=True)]

"""ST-GCN on Kinetics-skeleton with the paper's training (Yan et al. 2018, section 4.2): SGD lr
0.01, x0.1 every 10 epochs, dropout 0.5 after each ST-GCN unit; epochs, batch size and
augmentation as the released repository's."""
_base_ = ['../stgcn_kinetics_skeleton/j.py']

model = dict(backbone=dict(tcn_dropout=0.5))
optim_wrapper = dict(optimizer=dict(lr=0.01))
param_scheduler = [
    dict(type='MultiStepLR', milestones=[10, 20, 30, 40], gamma=0.1, by_epoch=True)
]

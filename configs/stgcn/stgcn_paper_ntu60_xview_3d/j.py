"""ST-GCN on NTU RGB+D 60 cross-view as its paper states it (Yan et al., AAAI 2018,
arXiv:1801.07455, Table 3: 88.3).

The network of ../stgcn_kinetics_skeleton_paper/j.py (section 3.6: nine units with a residual
each, stride 2 at the 4th and the 7th; the spatial configuration partition around the gravity
centre, each partition normalised on its own), with the paper's dropout of 0.5 after the units
(every unit but the first, as the repository places it), which only its Kinetics training
replaces, and its SGD lr 0.01 x0.1 every 10 epochs.

The paper does not state how NTU clips are padded, the epochs, batch, momentum, weight decay or
nesterov: those are the released repository's NTU recipe (config/st_gcn/ntu-xview/train.yaml),
../stgcn_original_ntu60_xview_3d/j.py, which this file takes its data and training from: raw
camera coordinates zero-padded to 300 frames, no augmentation, 80 epochs, batch 64."""
_base_ = ['../stgcn_original_ntu60_xview_3d/j.py']

model = dict(
    backbone=dict(
        graph_cfg=dict(layout='ntu-rgb+d', mode='stgcn_spatial', center='gravity', norm='paper'),
        num_stages=9, inflate_stages=(4, 7), down_stages=(4, 7), first_residual=True,
        tcn_dropout=0.5))

optim_wrapper = dict(optimizer=dict(lr=0.01))
param_scheduler = [
    dict(type='MultiStepLR', milestones=[10, 20, 30, 40, 50, 60, 70], gamma=0.1, by_epoch=True)
]

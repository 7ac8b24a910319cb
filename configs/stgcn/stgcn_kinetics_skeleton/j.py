"""ST-GCN on Kinetics-skeleton as its released repository trains it (yysijie/st-gcn
config/st_gcn/kinetics-skeleton/train.yaml): OpenPose 18-joint layout, batch 256 (64 x 4 GPUs),
SGD nesterov lr 0.1, weight decay 1e-4, lr x0.1 at epochs 20, 30, 40 and 50, 50 epochs. The
paper's schedule is ../stgcn_kinetics_skeleton_paper/j.py."""
_base_ = ['../../_base_/models/stgcn_vanilla.py', '../../_base_/datasets/kinetics_skeleton.py',
          '../../_base_/schedules/sgd_step_50e.py', '../../_base_/default_runtime.py']

# its Kinetics config sets no dropout (net/st_gcn.py defaults to 0); its NTU ones set 0.5
model = dict(backbone=dict(graph_cfg=dict(layout='openpose'), tcn_dropout=0.),
             cls_head=dict(num_classes=400))
param_scheduler = [
    dict(type='MultiStepLR', milestones=[20, 30, 40, 50], gamma=0.1, by_epoch=True)
]
auto_scale_lr = dict(base_batch_size=256)

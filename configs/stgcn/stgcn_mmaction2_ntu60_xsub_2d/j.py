"""ST-GCN as mmaction2 0.x trains it on NTU RGB+D 60 cross-subject HRNet 2D keypoints
(stgcn_80e_ntu60_xsub_keypoint.py): looped to 300 frames, COCO-17 layout, edge importance
without dropout, batch 16 x 2 GPUs, 80 epochs, steps 10/50, joint stream."""
_base_ = ['../../_base_/models/stgcn_vanilla.py',
          '../../_base_/datasets/ntu_2d_mmaction2.py',
          '../../_base_/schedules/sgd_step_80e.py',
          '../../_base_/default_runtime.py']

# mmaction2's STGCN has no dropout by default
model = dict(backbone=dict(graph_cfg=dict(layout='coco'), tcn_dropout=0.))
auto_scale_lr = dict(base_batch_size=32)

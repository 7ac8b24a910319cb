"""ST-GCN as mmaction2 0.x trains it on NTU RGB+D 60 cross-subject 3D skeletons
(stgcn_80e_ntu60_xsub_keypoint_3d.py): pre-normalised, looped to 300 frames, the original NTU
tree, edge importance without dropout, batch 32, 80 epochs, steps 10/50, joint stream."""
_base_ = ['../../_base_/models/stgcn_vanilla.py',
          '../../_base_/datasets/ntu_3d_mmaction2.py',
          '../../_base_/schedules/sgd_step_80e.py',
          '../../_base_/default_runtime.py']

# mmaction2's STGCN has no dropout by default
model = dict(backbone=dict(graph_cfg=dict(layout='ntu-rgb+d'), tcn_dropout=0.))
train_dataloader = dict(batch_size=32)  # on 1 GPU
auto_scale_lr = dict(base_batch_size=32)

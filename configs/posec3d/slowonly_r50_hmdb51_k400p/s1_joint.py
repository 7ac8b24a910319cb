"""PoseC3D SlowOnly-R50 (3, 4, 6) fine-tuned from PYSKL's Kinetics-400 model, PYSKL recipe (PYSKL
configs/posec3d/slowonly_r50_hmdb51_k400p/s1_joint.py), HMDB51 split 1, keypoint heatmaps."""
_base_ = ['../../_base_/models/posec3d_slowonly_r50.py',
          '../../_base_/datasets/posec3d_pyskl_k400p.py',
          '../../_base_/schedules/posec3d_sgd_step_12e.py',
          '../../_base_/default_runtime.py']

ann_file = 'data/hmdb51/hmdb51_hrnet.pkl'
train_dataloader = dict(dataset=dict(dataset=dict(ann_file=ann_file, split='train1')))
val_dataloader = dict(dataset=dict(ann_file=ann_file, split='test1'))
test_dataloader = dict(dataset=dict(ann_file=ann_file, split='test1'))
model = dict(backbone=dict(stage_blocks=(3, 4, 6)), cls_head=dict(num_classes=51))
optim_wrapper = dict(optimizer=dict(weight_decay=1e-4))
# Kinetics-400 PoseC3D (k400_posec3d-041f49c6.pth), downloaded by hand from
# https://download.openmmlab.com/mmaction/skeleton/posec3d/k400_posec3d-041f49c6.pth
load_from = 'checkpoints/k400_posec3d-041f49c6.pth'

"""PoseC3D SlowOnly-R50 (3, 4, 6) fine-tuned from the Kinetics-400 model, mmaction2 0.x recipe
(slowonly_kinetics400_pretrained_r50_u48_120e_hmdb51_split1_keypoint), HMDB51 split 1."""
_base_ = ['../_base_/models/posec3d_slowonly_r50.py',
          '../_base_/datasets/posec3d_mmaction_k400p.py',
          '../_base_/schedules/posec3d_sgd_step_12e.py',
          '../_base_/default_runtime.py']

ann_file = 'data/posec3d/hmdb51.pkl'
train_dataloader = dict(dataset=dict(dataset=dict(ann_file=ann_file)))
val_dataloader = dict(dataset=dict(ann_file=ann_file))
test_dataloader = dict(dataset=dict(ann_file=ann_file))
model = dict(backbone=dict(stage_blocks=(3, 4, 6)), cls_head=dict(num_classes=51))
optim_wrapper = dict(optimizer=dict(weight_decay=1e-4))
# Kinetics-400 PoseC3D (k400_posec3d-041f49c6.pth), downloaded by hand from
# https://download.openmmlab.com/mmaction/skeleton/posec3d/k400_posec3d-041f49c6.pth
load_from = 'checkpoints/k400_posec3d-041f49c6.pth'

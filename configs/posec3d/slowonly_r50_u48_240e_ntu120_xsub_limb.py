"""PoseC3D SlowOnly-R50, mmaction2 0.x recipe (slowonly_r50_u48_240e_ntu120_xsub_limb), NTU RGB+D
120 cross-subject, limb heatmaps."""
_base_ = ['../_base_/models/posec3d_slowonly_r50.py',
          '../_base_/datasets/posec3d_mmaction.py',
          '../_base_/schedules/posec3d_sgd_cosine_240e.py',
          '../_base_/default_runtime.py']

train_dataloader = dict(dataset=dict(
    ann_file='data/posec3d/ntu120_xsub_train.pkl', pipeline={{_base_.limb_train_pipeline}}))
val_dataloader = dict(dataset=dict(
    ann_file='data/posec3d/ntu120_xsub_val.pkl', pipeline={{_base_.limb_val_pipeline}}))
test_dataloader = dict(dataset=dict(
    ann_file='data/posec3d/ntu120_xsub_val.pkl', pipeline={{_base_.limb_test_pipeline}}))
model = dict(cls_head=dict(num_classes=120))
# Differs from mmaction2: its training set draws classes 60-119 twice as often (class_prob),
# which PoseDataset does not implement; and its limb file reads the NTU60 pickles, which
# contradicts its 120 classes: this one reads the NTU120 ones.

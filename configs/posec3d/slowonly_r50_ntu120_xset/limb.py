"""PoseC3D SlowOnly-R50, PYSKL recipe (PYSKL configs/posec3d/slowonly_r50_ntu120_xset/limb.py), NTU
RGB+D 120 cross-setup, limb heatmaps."""
_base_ = ['../../_base_/models/posec3d_slowonly_r50.py',
          '../../_base_/datasets/posec3d_pyskl.py',
          '../../_base_/schedules/posec3d_sgd_cosine_24e.py',
          '../../_base_/default_runtime.py']

ann_file = 'data/nturgb+d/ntu120_hrnet.pkl'
train_dataloader = dict(dataset=dict(dataset=dict(
    ann_file=ann_file, split='xset_train', pipeline={{_base_.limb_train_pipeline}})))
val_dataloader = dict(dataset=dict(
    ann_file=ann_file, split='xset_val', pipeline={{_base_.limb_val_pipeline}}))
test_dataloader = dict(dataset=dict(
    ann_file=ann_file, split='xset_val', pipeline={{_base_.limb_test_pipeline}}))
model = dict(cls_head=dict(num_classes=120))

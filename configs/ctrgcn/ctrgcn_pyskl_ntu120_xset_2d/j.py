"""CTR-GCN, PYSKL practice, NTU RGB+D 120 cross-setup, 2D HRNet keypoints, joint stream."""
_base_ = ['../../_base_/models/ctrgcn.py',
          '../../_base_/datasets/ntu_2d.py',
          '../../_base_/schedules/sgd_cosine_16e.py',
          '../../_base_/default_runtime.py']

ann_file = 'data/nturgb+d/ntu120_hrnet.pkl'
train_dataloader = dict(dataset=dict(dataset=dict(ann_file=ann_file, split='xset_train')))
val_dataloader = dict(dataset=dict(ann_file=ann_file, split='xset_val'))
test_dataloader = dict(dataset=dict(ann_file=ann_file, split='xset_val'))
model = dict(backbone=dict(graph_cfg=dict(layout='coco')), cls_head=dict(num_classes=120))

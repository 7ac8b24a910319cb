"""PoseC3D C3D-light, PYSKL recipe (PYSKL configs/posec3d/c3d_light_gym/joint.py), FineGYM (99
classes; its metric is mean-class accuracy, acc/mean1), keypoint heatmaps."""
_base_ = ['../../_base_/models/posec3d_c3d_light.py',
          '../../_base_/datasets/posec3d_pyskl.py',
          '../../_base_/schedules/posec3d_sgd_cosine_24e.py',
          '../../_base_/default_runtime.py']

ann_file = 'data/gym/gym_hrnet.pkl'
train_dataloader = dict(dataset=dict(dataset=dict(ann_file=ann_file, split='train')))
val_dataloader = dict(dataset=dict(ann_file=ann_file, split='val'))
test_dataloader = dict(dataset=dict(ann_file=ann_file, split='val'))
model = dict(cls_head=dict(num_classes=99))

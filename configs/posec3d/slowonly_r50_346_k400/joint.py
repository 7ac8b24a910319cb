"""PoseC3D SlowOnly-R50 (3, 4, 6), PYSKL recipe (PYSKL
configs/posec3d/slowonly_r50_346_k400/joint.py), Kinetics-400, keypoint heatmaps."""
_base_ = ['../../_base_/models/posec3d_slowonly_r50.py',
          '../../_base_/datasets/posec3d_pyskl.py',
          '../../_base_/schedules/posec3d_sgd_cosine_24e.py',
          '../../_base_/default_runtime.py']

ann_file = 'data/k400/k400_hrnet.pkl'
train_dataloader = dict(num_workers=8, dataset=dict(dataset=dict(
    ann_file=ann_file, split='train', box_thr=0.5, valid_ratio=0.0)))
val_dataloader = dict(dataset=dict(ann_file=ann_file, split='val', box_thr=0.5))
test_dataloader = dict(dataset=dict(ann_file=ann_file, split='val', box_thr=0.5))
model = dict(backbone=dict(stage_blocks=(3, 4, 6)), cls_head=dict(num_classes=400))
optim_wrapper = dict(optimizer=dict(weight_decay=1e-4))
# PYSKL keeps the detections scoring >= 0.5 (box_thr) and filters no sample. Differs from PYSKL:
# its k400_hrnet.pkl stores the poses compressed and its pipelines start with DecompressPose,
# which this toolbox does not implement: these configs need an annotation file of plain (M, T,
# V, 2) keypoints. No memcached.

# NW-UCLA cross-view (train: views 1+2, test: view 3) as PoseC3D heatmaps: the Kinect v1
# camera-space skeletons (20 joints, one person) projected to 640 x 480 depth-image pixels
# (PinholeProject: the Kinect SDK's nominal depth intrinsics), then PYSKL's PoseC3D recipe
# (posec3d_pyskl.py) with NW-UCLA's left/right joints and its 19 bones as limbs (in
# the limb leaves). Convert with
#   python tools/data/nwucla_gendata.py --data-path data/nw-ucla --out data/nw-ucla/nw-ucla.pkl
_base_ = ['./skeleton_loaders.py']

ann_file = 'data/nw-ucla/nw-ucla.pkl'
# Kinect v1 joints (0-based): 4-7 left arm, 8-11 right arm, 12-15 left leg, 16-19 right leg
left_kp = [4, 5, 6, 7, 12, 13, 14, 15]
right_kp = [8, 9, 10, 11, 16, 17, 18, 19]
# the bones of the 'nw-ucla' layout (child, parent) and the pairs that mirror each other
skeletons = [[0, 1], [1, 2], [3, 2], [4, 2], [5, 4], [6, 5], [7, 6], [8, 2], [9, 8], [10, 9],
             [11, 10], [12, 0], [13, 12], [14, 13], [15, 14], [16, 0], [17, 16], [18, 17],
             [19, 18]]
left_limb = [3, 4, 5, 6, 11, 12, 13, 14]
right_limb = [7, 8, 9, 10, 15, 16, 17, 18]
clip_len = 48

train_pipeline = [
    dict(type='PinholeProject'),
    dict(type='UniformSampleFrames', clip_len=clip_len),
    dict(type='PoseDecode'),
    dict(type='PoseCompact', hw_ratio=1., allow_imgpad=True),
    dict(type='Resize', scale=(-1, 64)),
    dict(type='RandomResizedCrop', area_range=(0.56, 1.0)),
    dict(type='Resize', scale=(56, 56), keep_ratio=False),
    dict(type='Flip', flip_ratio=0.5, left_kp=left_kp, right_kp=right_kp),
    dict(type='GeneratePoseTarget', with_kp=True, with_limb=False),
    dict(type='FormatShape', input_format='NCTHW_Heatmap'),
    dict(type='PackActionInputs'),
]
val_pipeline = [
    dict(type='PinholeProject'),
    # interval_draws=False: the test frames of the recorded NW-UCLA results (sampling without
    # PYSKL's per-clip interval draws, as mmaction2 does)
    dict(type='UniformSampleFrames', clip_len=clip_len, num_clips=1, test_mode=True,
         interval_draws=False),
    dict(type='PoseDecode'),
    dict(type='PoseCompact', hw_ratio=1., allow_imgpad=True),
    dict(type='Resize', scale=(64, 64), keep_ratio=False),
    dict(type='GeneratePoseTarget', with_kp=True, with_limb=False),
    dict(type='FormatShape', input_format='NCTHW_Heatmap'),
    dict(type='PackActionInputs'),
]
test_pipeline = [
    dict(t, num_clips=10) if t['type'] == 'UniformSampleFrames' else
    dict(t, double=True, left_kp=left_kp, right_kp=right_kp)
    if t['type'] == 'GeneratePoseTarget' else t for t in val_pipeline]

train_dataloader = dict(
    num_workers=2,
    dataset=dict(ann_file=ann_file, split='train', num_node='nw-ucla', pipeline=train_pipeline))
val_dataloader = dict(
    num_workers=2,
    dataset=dict(ann_file=ann_file, split='val', num_node='nw-ucla', pipeline=val_pipeline))
test_dataloader = dict(
    num_workers=2,
    dataset=dict(ann_file=ann_file, split='val', num_node='nw-ucla', pipeline=test_pipeline))

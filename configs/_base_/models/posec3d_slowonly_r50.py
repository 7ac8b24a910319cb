# PoseC3D SlowOnly-R50 (PYSKL / mmaction2): 17 keypoint or limb heatmaps in, stage_blocks
# (4, 6, 3); the Kinetics-400 model and its UCF101/HMDB51 fine-tunes use (3, 4, 6).
model = dict(
    type='Recognizer3D',
    backbone=dict(
        type='ResNet3dSlowOnly',
        in_channels=17,
        base_channels=32,
        num_stages=3,
        out_indices=(2, ),
        stage_blocks=(4, 6, 3),
        conv1_stride=(1, 1),
        pool1_stride=(1, 1),
        inflate=(0, 1, 1),
        spatial_strides=(2, 2, 2),
        temporal_strides=(1, 1, 2)),
    cls_head=dict(type='I3DHead', in_channels=512, num_classes=60, dropout=0.5),
    test_cfg=dict(average_clips='prob'))

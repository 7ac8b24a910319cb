# PoseC3D C3D-light (PYSKL): C3D at a quarter of the width, three stages, no temporal pooling.
model = dict(
    type='Recognizer3D',
    backbone=dict(type='C3D', in_channels=17, base_channels=32, num_stages=3,
                  temporal_downsample=False),
    cls_head=dict(type='I3DHead', in_channels=256, num_classes=60, dropout=0.5),
    test_cfg=dict(average_clips='prob'))

# PoseC3D X3D-shallow (PYSKL): three X3D stages without SE and swish.
model = dict(
    type='Recognizer3D',
    backbone=dict(type='X3D', gamma_d=1, in_channels=17, base_channels=24, num_stages=3,
                  se_ratio=None, use_swish=False, stage_blocks=(2, 5, 3),
                  spatial_strides=(2, 2, 2)),
    cls_head=dict(type='I3DHead', in_channels=216, num_classes=60, dropout=0.5),
    test_cfg=dict(average_clips='prob'))

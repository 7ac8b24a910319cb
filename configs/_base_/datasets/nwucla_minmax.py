# NW-UCLA (cross-view) with the CTR-GCN authors' view handling: centre on the first frame's
# spine, turn by up to 60 degrees about x and y (the authors draw whole degrees and turn about
# y before x; a uniform draw in either order covers the same views), then stretch every axis
# of the sequence onto [-1, 1] (MinMaxNormalize). The authors' random scale (0.5-1.5) is left
# out: the stretch undoes it. Frames are sampled as in the other NW-UCLA configs
# (UniformSampleFrames, 52 frames; the authors draw 52 sorted frames at random), and the test
# averages 10 clips (the authors: one clip of evenly spaced frames).
_base_ = ['./nwucla.py']

clip_len = 52

train_pipeline = [
    dict(type='PreNormalize3D', align_spine=False, layout='nw-ucla'),
    dict(type='RandomRot', theta=(1.0471975511965976, 1.0471975511965976, 0.0)),
    dict(type='MinMaxNormalize'),
    dict(type='GenSkeFeat', dataset='nw-ucla', feats=['j']),
    dict(type='UniformSampleFrames', clip_len=clip_len),
    dict(type='PoseDecode'),
    dict(type='FormatGCNInput', num_person=1),
    dict(type='PackActionInputs')
]
val_pipeline = [
    dict(type='PreNormalize3D', align_spine=False, layout='nw-ucla'),
    dict(type='MinMaxNormalize'),
    dict(type='GenSkeFeat', dataset='nw-ucla', feats=['j']),
    dict(type='UniformSampleFrames', clip_len=clip_len, num_clips=1, test_mode=True,
         interval_draws=False),
    dict(type='PoseDecode'),
    dict(type='FormatGCNInput', num_person=1),
    dict(type='PackActionInputs')
]
test_pipeline = [dict(t, num_clips=10) if t['type'] == 'UniformSampleFrames' else t
                 for t in val_pipeline]

train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))

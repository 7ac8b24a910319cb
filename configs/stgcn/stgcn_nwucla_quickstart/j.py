"""Quickstart: ST-GCN on NW-UCLA joints in about 10 minutes on 2 CPU cores (32-frame clips, 8
epochs, 5 test clips per sample); the full recipe is ../stgcn_nwucla/j.py."""
_base_ = ['../stgcn_nwucla/j.py']

clip_len = 32
test_clips = 5
train_pipeline = [dict(t, clip_len=clip_len) if t.type == 'UniformSampleFrames' else t
                  for t in _base_.train_pipeline]
val_pipeline = [dict(t, clip_len=clip_len) if t.type == 'UniformSampleFrames' else t
                for t in _base_.val_pipeline]
test_pipeline = [dict(t, clip_len=clip_len, num_clips=test_clips)
                 if t.type == 'UniformSampleFrames' else t for t in _base_.test_pipeline]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = dict(batch_size=16, dataset=dict(pipeline=test_pipeline))
train_cfg = dict(max_epochs=8)
default_hooks = dict(checkpoint=dict(max_keep_ckpts=1))

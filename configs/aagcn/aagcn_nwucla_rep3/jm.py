"""AAGCN on NW-UCLA (cross-view), three passes per epoch, joint motion stream: the joint
config with GenSkeFeat(feats=['jm'])."""
_base_ = ['./j.py']

# the joint config's pipelines with GenSkeFeat(feats=['jm'])
train_pipeline = [dict(t, feats=['jm']) if t.type == 'GenSkeFeat' else t
                  for t in _base_.train_pipeline]
val_pipeline = [dict(t, feats=['jm']) if t.type == 'GenSkeFeat' else t
                for t in _base_.val_pipeline]
test_pipeline = [dict(t, feats=['jm']) if t.type == 'GenSkeFeat' else t
                 for t in _base_.test_pipeline]
train_dataloader = dict(dataset=dict(dataset=dict(pipeline=train_pipeline)))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))

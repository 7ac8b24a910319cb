"""DG-STGCN, PYSKL practice, NTU RGB+D 60 cross-view, 3D skeletons, joint stream: the NTU60
cross-subject recipe on this benchmark with the spine aligned and rotations of up to 0.3 rad, as
PYSKL's."""
_base_ = ['../dgstgcn_pyskl_ntu60_xsub_3d/j.py']

# PYSKL's cross-view recipe aligns the spine and rotates by up to 0.3 rad
train_pipeline = [dict(type='PreNormalize3D') if t.type == 'PreNormalize3D'
                  else dict(t, theta=0.3) if t.type == 'RandomRot' else t
                  for t in _base_.train_pipeline]
val_pipeline = [dict(type='PreNormalize3D') if t.type == 'PreNormalize3D' else t
                for t in _base_.val_pipeline]
test_pipeline = [dict(type='PreNormalize3D') if t.type == 'PreNormalize3D' else t
                 for t in _base_.test_pipeline]
train_dataloader = dict(dataset=dict(split='xview_train', pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(split='xview_val', pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(split='xview_val', pipeline=test_pipeline))

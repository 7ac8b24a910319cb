"""PoseC3D X3D-shallow, PYSKL recipe (PYSKL configs/posec3d/x3d_shallow_ntu60_xsub/limb.py), NTU
RGB+D 60 cross-subject, limb heatmaps."""
_base_ = ['../../_base_/models/posec3d_x3d_shallow.py',
          '../../_base_/datasets/posec3d_pyskl.py',
          '../../_base_/schedules/posec3d_sgd_cosine_24e.py',
          '../../_base_/default_runtime.py']

train_dataloader = dict(dataset=dict(dataset=dict(pipeline={{_base_.limb_train_pipeline}})))
val_dataloader = dict(dataset=dict(pipeline={{_base_.limb_val_pipeline}}))
test_dataloader = dict(dataset=dict(pipeline={{_base_.limb_test_pipeline}}))

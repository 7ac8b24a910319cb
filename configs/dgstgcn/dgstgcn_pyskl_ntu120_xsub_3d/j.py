"""DG-STGCN, PYSKL practice, NTU RGB+D 120 cross-subject, 3D skeletons, joint stream: the NTU60
cross-subject recipe on this benchmark."""
_base_ = ['../dgstgcn_pyskl_ntu60_xsub_3d/j.py']

ann_file = 'data/nturgb+d/ntu120_3danno.pkl'
train_dataloader = dict(dataset=dict(ann_file=ann_file, split='xsub_train'))
val_dataloader = dict(dataset=dict(ann_file=ann_file, split='xsub_val'))
test_dataloader = dict(dataset=dict(ann_file=ann_file, split='xsub_val'))
model = dict(cls_head=dict(num_classes=120))

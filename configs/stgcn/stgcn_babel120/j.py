"""ST-GCN on BABEL-120 as mmaction2 0.x trains it (stgcn_80e_babel120.py): the BABEL-60 recipe
with BABEL-120's annotations and 120 classes."""
_base_ = ['../stgcn_babel60/j.py']

train_ann_file = 'data/babel/babel120_train.pkl'
val_ann_file = 'data/babel/babel120_val.pkl'
train_dataloader = dict(dataset=dict(dataset=dict(ann_file=train_ann_file)))
val_dataloader = dict(dataset=dict(ann_file=val_ann_file))
test_dataloader = dict(dataset=dict(ann_file=val_ann_file))
model = dict(cls_head=dict(num_classes=120))

"""AAGCN on NW-UCLA (cross-view), joint stream: `aagcn_nwucla/j.py` with each epoch going
three times through the training set (RepeatDataset, as PYSKL and the CTR-GCN authors repeat
theirs): 20 epochs of 192 batches (60 passes), the warm-up and cosine stretched with them."""
_base_ = ['../aagcn_nwucla/j.py']

train_dataloader = dict(dataset=dict(_delete_=True, type='RepeatDataset', times=3,
                                     dataset=_base_.train_dataloader.dataset))
train_cfg = dict(max_epochs=20)

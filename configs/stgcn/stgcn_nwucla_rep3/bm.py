"""ST-GCN on NW-UCLA (cross-view), bone motion stream: `stgcn_nwucla/bm.py` with each epoch
going three times through the training set (RepeatDataset, as PYSKL and the CTR-GCN authors
repeat theirs): 35 epochs of 192 batches, three times the iterations of the one-pass recipe, the
warm-up and cosine stretched with them."""
_base_ = ['../stgcn_nwucla/bm.py']

train_dataloader = dict(dataset=dict(_delete_=True, type='RepeatDataset', times=3,
                                     dataset=_base_.train_dataloader.dataset))

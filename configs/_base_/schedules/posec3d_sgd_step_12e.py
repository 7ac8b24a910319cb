# PoseC3D fine-tuning from a Kinetics-400 PoseC3D model (UCF101 / HMDB51, PYSKL and mmaction2
# 0.x alike): SGD lr 0.01 for 8 GPUs x 16 samples, momentum 0.9, weight decay 3e-4,
# gradients clipped at norm 40, lr x 0.1 after epochs 9 and 11 of 12 (of a training set
# repeated 10 times: "120e").
_base_ = ['./posec3d_sgd_cosine_24e.py']

train_cfg = dict(max_epochs=12)
optim_wrapper = dict(optimizer=dict(lr=0.01))
param_scheduler = [dict(type='MultiStepLR', by_epoch=True, milestones=[9, 11],
                        gamma=0.1)]
auto_scale_lr = dict(base_batch_size=128)

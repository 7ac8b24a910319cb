# mmaction2 0.x's PoseC3D schedule (slowonly_r50_u48_240e_*): SGD lr 0.2 for 8 GPUs x 16
# samples, momentum 0.9, weight decay 3e-4, gradients clipped at norm 40, cosine annealing per
# iteration over 240 epochs, validation every 10 epochs (mmaction2 also saved checkpoints every
# 10 epochs; default_runtime.py saves every epoch and keeps the last 3).
_base_ = ['./posec3d_sgd_cosine_24e.py']

train_cfg = dict(max_epochs=240, val_interval=10)
optim_wrapper = dict(optimizer=dict(lr=0.2))
auto_scale_lr = dict(base_batch_size=128)

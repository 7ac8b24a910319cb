"""ST-GCN paper Table 1 "Baseline TCN" and Table 2 "Temporal Conv" (Kinetics-skeleton): temporal
convolutions over each frame's 18 joints x 3 values as one vector (Kim & Reiter 2017's kind of
network), no graph; the nine units' widths and strides, kernel 9 and residuals of the paper's
ST-GCN (backbone TCN). Trained as ../stgcn_kinetics_skeleton_paper/j.py."""
_base_ = ['../stgcn_kinetics_skeleton_paper/j.py']

model = dict(
    backbone=dict(_delete_=True, type='TCN', graph_cfg=dict(layout='openpose'), num_stages=9,
                  inflate_stages=(4, 7), down_stages=(4, 7), kernel_size=9, first_residual=True,
                  dropout=0.))

"""The "Temporal Conv" baseline (Kim & Reiter 2017) of the ST-GCN paper's Table 3 and the
original repository's results table, NTU RGB+D 60 cross-view: temporal convolutions over each
frame's 25 joints x 3 coordinates as one vector, no graph (backbone TCN, the widths and strides of
the paper's nine ST-GCN units, dropout 0.5 as the paper's ST-GCN on NTU). Trained as
../stgcn_original_ntu60_xview_3d/j.py trains ST-GCN."""
_base_ = ['../stgcn_original_ntu60_xview_3d/j.py']

model = dict(
    backbone=dict(_delete_=True, type='TCN', graph_cfg=dict(layout='ntu-rgb+d'), num_stages=9,
                  inflate_stages=(4, 7), down_stages=(4, 7), kernel_size=9, first_residual=True,
                  dropout=0.5))

"""ST-GCN paper Table 1 (Kinetics-skeleton): the distance partition with w0 = -w1 (one partition, A0
minus A1), without learnable edge importance; otherwise ../stgcn_kinetics_skeleton_paper/j.py."""
_base_ = ['../stgcn_kinetics_skeleton_paper/j.py']

model = dict(backbone=dict(graph_cfg=dict(mode='distance_star'), gcn_adaptive=None))

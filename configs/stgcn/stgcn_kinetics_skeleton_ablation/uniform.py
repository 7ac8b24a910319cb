"""ST-GCN paper Table 1 (Kinetics-skeleton): one partition: the joint and its neighbours share a
weight, without learnable edge importance; otherwise ../stgcn_kinetics_skeleton_paper/j.py."""
_base_ = ['../stgcn_kinetics_skeleton_paper/j.py']

model = dict(backbone=dict(graph_cfg=dict(mode='uniform'), gcn_adaptive=None))

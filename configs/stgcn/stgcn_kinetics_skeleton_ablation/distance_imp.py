"""ST-GCN paper Table 1 (Kinetics-skeleton): two partitions: the joint, its neighbours, with
learnable edge importance; otherwise ../stgcn_kinetics_skeleton_paper/j.py."""
_base_ = ['../stgcn_kinetics_skeleton_paper/j.py']

model = dict(backbone=dict(graph_cfg=dict(mode='distance')))

"""ST-GCN paper Table 1 (Kinetics-skeleton): three partitions: root, centripetal, centrifugal,
without learnable edge importance; otherwise ../stgcn_kinetics_skeleton_paper/j.py."""
_base_ = ['../stgcn_kinetics_skeleton_paper/j.py']

model = dict(backbone=dict(gcn_adaptive=None))

"""ST-GCN paper Table 1 (Kinetics-skeleton): three partitions: root, centripetal, centrifugal, with
learnable edge importance; otherwise ../stgcn_kinetics_skeleton_paper/j.py."""
_base_ = ['../stgcn_kinetics_skeleton_paper/j.py']

# the full model: the base config itself

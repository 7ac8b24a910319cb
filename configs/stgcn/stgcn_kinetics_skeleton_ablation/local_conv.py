"""ST-GCN paper Table 1 (Kinetics-skeleton), "Local Convolution": the graph convolution without
weight sharing, each (joint, neighbour) pair with its own weight over the one-hop neighbourhood
(STGCN gcn_type='unit_localgcn'), no edge importance; otherwise
../stgcn_kinetics_skeleton_paper/j.py."""
_base_ = ['../stgcn_kinetics_skeleton_paper/j.py']

model = dict(backbone=dict(graph_cfg=dict(mode='uniform'), gcn_type='unit_localgcn',
                           gcn_adaptive=None))

"""ST-GCN on NW-UCLA (cross-view), bone stream: the joint config with GenSkeFeat(feats=['b'])."""
_base_ = ['./j.py']

feats = ['b']

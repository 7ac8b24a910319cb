"""ST-GCN++, PYSKL practice, NTU RGB+D 60 cross-view, 3D skeletons, bone stream: the joint config
with GenSkeFeat(feats=['b'])."""
_base_ = ['./j.py']

feats = ['b']

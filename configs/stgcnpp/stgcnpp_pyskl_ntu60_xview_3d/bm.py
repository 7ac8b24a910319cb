"""ST-GCN++, PYSKL practice, NTU RGB+D 60 cross-view, 3D skeletons, bone motion stream: the joint
config with GenSkeFeat(feats=['bm'])."""
_base_ = ['./j.py']

feats = ['bm']

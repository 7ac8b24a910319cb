"""ST-GCN++, PYSKL practice, NTU RGB+D 60 cross-view, 3D skeletons, joint motion stream: the joint
config with GenSkeFeat(feats=['jm'])."""
_base_ = ['./j.py']

feats = ['jm']

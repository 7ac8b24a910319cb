"""ST-GCN++, PYSKL practice, NTU RGB+D 120 cross-setup, 3D skeletons, joint motion stream: the
joint config with GenSkeFeat(feats=['jm'])."""
_base_ = ['./j.py']

feats = ['jm']

"""ST-GCN++, PYSKL practice, NTU RGB+D 120 cross-subject, 3D skeletons, bone motion stream: the
joint config with GenSkeFeat(feats=['bm'])."""
_base_ = ['./j.py']

feats = ['bm']

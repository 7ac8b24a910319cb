"""ST-GCN, PYSKL practice (16 x 5 epochs, cosine, 100-frame clips), NTU RGB+D 120 cross-setup, 3D
skeletons, bone motion stream: the joint config with GenSkeFeat(feats=['bm'])."""
_base_ = ['./j.py']

feats = ['bm']

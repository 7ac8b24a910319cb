"""ST-GCN, PYSKL practice (16 x 5 epochs, cosine, 100-frame clips), NTU RGB+D 60 cross-subject, 3D
skeletons, bone stream: the joint config with GenSkeFeat(feats=['b'])."""
_base_ = ['./j.py']

feats = ['b']

"""ST-GCN, PYSKL's vanilla practice (300 zero-padded frames, 16 x 5 epochs, steps 2/10), NTU RGB+D
60 cross-subject, 3D skeletons, bone motion stream: the joint config with
GenSkeFeat(feats=['bm'])."""
_base_ = ['./j.py']

feats = ['bm']

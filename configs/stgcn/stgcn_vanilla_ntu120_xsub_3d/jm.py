"""ST-GCN, PYSKL's vanilla practice (300 zero-padded frames, 16 x 5 epochs, steps 2/10), NTU RGB+D
120 cross-subject, 3D skeletons, joint motion stream: the joint config with
GenSkeFeat(feats=['jm'])."""
_base_ = ['./j.py']

feats = ['jm']

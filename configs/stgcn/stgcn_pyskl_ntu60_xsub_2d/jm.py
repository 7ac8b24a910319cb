"""ST-GCN, PYSKL practice (16 x 5 epochs, cosine, 100-frame clips), NTU RGB+D 60 cross-subject, 2D
HRNet keypoints, joint motion stream: the joint config with GenSkeFeat(feats=['jm'])."""
_base_ = ['./j.py']

feats = ['jm']

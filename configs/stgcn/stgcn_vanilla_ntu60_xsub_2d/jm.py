"""ST-GCN as published (300 padded frames, 80 epochs, steps 10/50), NTU RGB+D 60 cross-subject, 2D
HRNet keypoints, joint motion stream: the joint config with GenSkeFeat(feats=['jm'])."""
_base_ = ['./j.py']

feats = ['jm']

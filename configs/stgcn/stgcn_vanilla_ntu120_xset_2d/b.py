"""ST-GCN as published (300 padded frames, 80 epochs, steps 10/50), NTU RGB+D 120 cross-setup, 2D
HRNet keypoints, bone stream: the joint config with GenSkeFeat(feats=['b'])."""
_base_ = ['./j.py']

feats = ['b']

"""ST-GCN, PYSKL's vanilla practice (300 zero-padded frames, 16 x 5 epochs, steps 2/10), NTU RGB+D
120 cross-subject, 2D HRNet keypoints, bone stream: the joint config with
GenSkeFeat(feats=['b'])."""
_base_ = ['./j.py']

feats = ['b']

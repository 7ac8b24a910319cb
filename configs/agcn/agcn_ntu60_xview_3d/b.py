"""2s-AGCN as published (300 frames, 50 epochs, steps 30/40), NTU RGB+D 60 cross-view, 3D
skeletons, bone stream: the joint config with GenSkeFeat(feats=['b'])."""
_base_ = ['./j.py']

feats = ['b']

"""2s-AGCN as mmaction2 0.x trains it (2sagcn_80e_*: 300 looped frames, 80 epochs, steps 30/40), NTU
RGB+D 60 cross-subject, 3D skeletons, bone stream: the joint config with GenSkeFeat(feats=['b'])."""
_base_ = ['./j.py']

feats = ['b']

"""AAGCN on NW-UCLA (cross-view), bone stream: the joint config with feats=['b']."""
_base_ = ['./j.py']

feats = ['b']

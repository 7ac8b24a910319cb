"""AAGCN on NW-UCLA (cross-view), joint motion stream: the joint config with feats=['jm']."""
_base_ = ['./j.py']

feats = ['jm']

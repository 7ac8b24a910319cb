"""AAGCN on NW-UCLA (cross-view), bone motion stream: the joint config with feats=['bm']."""
_base_ = ['./j.py']

feats = ['bm']

from .io import atomic_open, dump_pickle, load_pickle

__all__ = ['atomic_open', 'dump_pickle', 'load_pickle']

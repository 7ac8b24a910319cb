from .io import atomic_open, dump_pickle, load_pickle
from .malloc import keep_freed_memory

__all__ = ['atomic_open', 'dump_pickle', 'keep_freed_memory', 'load_pickle']

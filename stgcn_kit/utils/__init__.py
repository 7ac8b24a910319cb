from .io import atomic_open, dump_pickle, give_default_mode, load_pickle
from .malloc import keep_freed_memory
from .safe_pickle import UnsafeFileError

__all__ = ['UnsafeFileError', 'atomic_open', 'dump_pickle', 'give_default_mode',
           'keep_freed_memory', 'load_pickle']

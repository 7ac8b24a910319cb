"""stgcn_kit: skeleton-based action recognition on mmengine, compatible with PYSKL checkpoints."""
__version__ = '0.1.0'

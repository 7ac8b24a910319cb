"""The helpers of ``tools/benchmark.py`` (not part of the library): timing in fresh processes,
FLOP counting and memory (:mod:`.measure`), the timed models and steps (:mod:`.steps`), the
data-pipeline throughput (:mod:`.data`), PoseC3D's heatmap pipeline on synthetic poses
(:mod:`.heatmaps`) and PYSKL's own PoseC3D code imported from a user's checkout
(:mod:`.pyskl`)."""

"""The helpers of ``tools/benchmark.py`` (not part of the library): timing in fresh processes,
FLOP counting and memory (:mod:`.measure`), the timed models and steps (:mod:`.steps`) and the
data-pipeline throughput (:mod:`.data`)."""

"""Speed measurement: the straightforward baseline implementation, timing and FLOP counting,
and the data-pipeline throughput used by ``tools/benchmark.py``."""

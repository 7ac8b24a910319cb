"""tools/benchmarking is imported as tools/benchmark.py imports it: from the tools folder."""
import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parents[3] / 'tools'
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))

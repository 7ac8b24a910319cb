"""Time one benchmark row in two or more checkouts of stgcn_kit, alternately, in fresh processes.

Each checkout's own ``tools/benchmark.py`` times the row with its own package (``PYTHONPATH``
set to the checkout), one process per checkout and round, the order rotated every round
(:func:`benchmarking.measure.time_in_fresh_processes`). The samples/s of every process are
printed, not only the medians: a machine's speed drifts between processes by more than the
differences worth finding, and the spread shows it (docs/benchmark.md).

Example, this tree against an older commit::

    git worktree add --detach /tmp/old 3558469
    python tools/compare_checkouts.py /tmp/old . --rounds 8 -- \\
        STGCN --mode train --batch-size 16 --clip-len 100 --device cpu --iters 3 --warmup 1 \\
        --padded-fraction 0.8 --time-only fast
"""
import argparse
import os
import statistics
import sys
from pathlib import Path
from typing import Dict, List, Sequence

from benchmarking import measure


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('checkouts', nargs='+', help='stgcn_kit checkouts (two or more)')
    parser.add_argument('--rounds', type=int, default=4, help='processes per checkout')
    parser.add_argument('--batch-size', type=int, default=None,
                        help="samples per step, for samples/s (default: the benchmark "
                             "arguments' --batch-size)")
    parser.epilog = ("After '--': tools/benchmark.py's arguments, naming one implementation "
                     "with '--time-only IMPL'.")
    argv = list(argv)
    split = argv.index('--') if '--' in argv else len(argv)
    args = parser.parse_args(argv[:split])
    args.benchmark_args = argv[split + 1:]
    if len(args.checkouts) < 2:
        parser.error('give two or more checkouts')
    if len(set(args.checkouts)) < len(args.checkouts):
        parser.error('a checkout is named twice (to time one against itself, name it two ways, '
                     'e.g. . and $PWD)')
    for checkout in args.checkouts:
        if not (Path(checkout) / 'tools' / 'benchmark.py').is_file():
            parser.error(f'{checkout}: not a stgcn_kit checkout (no tools/benchmark.py)')
    if '--time-only' not in args.benchmark_args:
        parser.error("the benchmark arguments must name one implementation: '--time-only IMPL'")
    if args.batch_size is None:
        if '--batch-size' not in args.benchmark_args:
            parser.error('give --batch-size (here or in the benchmark arguments)')
        args.batch_size = int(args.benchmark_args[args.benchmark_args.index('--batch-size') + 1])
    return args


def compare(checkouts: Sequence[str], benchmark_args: List[str], rounds: int,
            batch_size: int) -> Dict[str, List[float]]:
    """Samples/s of each timing process per checkout, in round order."""
    paths = {checkout: str(Path(checkout).resolve()) for checkout in checkouts}

    def command(checkout: str) -> List[str]:
        path = paths[checkout]
        return ['env', f'PYTHONPATH={path}', sys.executable, os.path.join(path, 'tools',
                                                                       'benchmark.py'),
                *benchmark_args]

    results = measure.time_in_fresh_processes(command, list(checkouts), rounds)
    return {checkout: [batch_size / t for t in results[checkout]['process_medians']]
            for checkout in checkouts}


def main(argv: Sequence[str] = tuple(sys.argv[1:])) -> None:
    args = parse_args(argv)
    rates = compare(args.checkouts, args.benchmark_args, args.rounds, args.batch_size)
    first = statistics.median(rates[args.checkouts[0]])
    for checkout, values in rates.items():
        median = statistics.median(values)
        print(f'{checkout}: samples/s per process {", ".join(f"{v:.3f}" for v in values)}; '
              f'median {median:.3f} ({median / first:.3f}x the first)')


if __name__ == '__main__':
    main()

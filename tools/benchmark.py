"""Speed of the package's ST-GCN/AAGCN (``impl='fast'``) against their plain implementation
(``impl='plain'``: PYSKL's code paths) with the same weights; or the data pipeline's speed.

    python tools/benchmark.py STGCN --mode train          # or AAGCN, AGCN, STGCN++, a config
    python tools/benchmark.py configs/stgcn/stgcn_nwucla/j.py --mode infer --clip-len 52
    python tools/benchmark.py STGCN --mode data            # needs ../shared/data
    python tools/benchmark.py STGCN --mode infer --int8    # also time int8 convolutions
    python tools/benchmark.py STGCN --smoke                # tiny sizes, one iteration (CI)

Each implementation is timed in fresh processes of its own, --rounds times in turn, and
summarised by the median step (see docs/benchmark.md).
"""
import argparse
import copy
import json
import os
import platform
import statistics
import subprocess
import sys
from typing import Callable, List

import torch
from benchmarking import data, measure, steps

from stgcn_kit.models.fast import fuse_conv_bn, quantize_int8, skip_empty_persons
from stgcn_kit.utils import keep_freed_memory

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NTU_CONFIG = os.path.join(REPO, 'configs/stgcn/stgcn_pyskl_ntu60_xsub_3d/j.py')
NWUCLA_CONFIG = os.path.join(REPO, 'configs/stgcn/stgcn_nwucla/j.py')


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('model', help=f'a config file or a backbone: {sorted(steps.BACKBONES)}')
    parser.add_argument('--mode', choices=['train', 'infer', 'data'], default='train')
    parser.add_argument('--batch-size', type=int, default=16)
    parser.add_argument('--clip-len', type=int, default=100)
    parser.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    parser.add_argument('--iters', type=int, default=10, help='timed iterations per process')
    parser.add_argument('--warmup', type=int, default=2,
                        help='untimed iterations first, per process')
    parser.add_argument('--rounds', type=int, default=3,
                        help='fresh timing processes per implementation, run in turn')
    parser.add_argument('--threads', type=int, default=None,
                        help='torch threads while timing (default: all cores)')
    parser.add_argument('--amp', action='store_true',
                        help='autocast (float16 + loss scaling on CUDA, bfloat16 on CPU)')
    parser.add_argument('--padded-fraction', type=float, default=0.8,
                        help='share of samples whose last person is zero padding (NTU-like)')
    parser.add_argument('--compile', action='store_true',
                        help='also time torch.compile of the fast model')
    parser.add_argument('--int8', action='store_true',
                        help='also time fast+fold-bn with int8 convolutions (--mode infer, CPU; '
                        'calibrated on the timed input)')
    parser.add_argument('--keep-freed-memory', action='store_true',
                        help="keep freed memory in the process, as tools/train.py and test.py do "
                        "on CPU (stgcn_kit.utils.keep_freed_memory); default: the C library's "
                        'own behaviour, as PYSKL runs')
    parser.add_argument('--data-root', default=os.path.join(REPO, '..', 'shared', 'data'),
                        help='holds ntu-rgbd-raw/ and nw-ucla/ (for --mode data)')
    parser.add_argument('--data-samples', type=int, default=60,
                        help='raw samples per dataset parsed for --mode data')
    parser.add_argument('--smoke', action='store_true',
                        help='tiny sizes and one iteration: checks that everything runs')
    # internal: the process that times one implementation
    parser.add_argument('--time-only', help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.smoke:
        args.batch_size, args.clip_len, args.iters, args.warmup, args.rounds = 2, 8, 1, 1, 1
        args.data_samples = min(args.data_samples, 3)
    if min(args.batch_size, args.clip_len, args.iters, args.rounds) < 1 or args.warmup < 0:
        parser.error('--batch-size, --clip-len, --iters and --rounds must be >= 1, '
                     '--warmup >= 0')
    if not 0 <= args.padded_fraction <= 1:
        parser.error('--padded-fraction must lie in [0, 1]')
    if args.int8 and (args.mode != 'infer' or args.device != 'cpu' or args.amp):
        parser.error('--int8 needs --mode infer on --device cpu, without --amp (int8 '
                     'convolutions are CPU inference kernels)')
    return args


def cpu_name() -> str:
    """``lscpu``'s model name, else what :mod:`platform` knows."""
    try:
        out = subprocess.run(['lscpu'], capture_output=True, text=True, check=True).stdout
        return next(line.split(':', 1)[1].strip() for line in out.splitlines()
                    if line.startswith('Model name'))
    except (OSError, subprocess.CalledProcessError, StopIteration):
        return platform.processor() or 'unknown CPU'


def print_header(device: torch.device, args: argparse.Namespace) -> float:
    name = torch.cuda.get_device_name(device) if device.type == 'cuda' else cpu_name()
    print(f'hardware: {name}; {os.cpu_count()} cores; torch {torch.__version__}; device '
          f'{device}; {torch.get_num_threads()} threads; freed memory kept: '
          f'{"yes" if args.keep_freed_memory else "no"}; each implementation timed in '
          f'{args.rounds} fresh processes, in turn')
    peak = measure.matmul_peak_gflops(device, size=256 if args.smoke else 2048)
    print(f'fp32 matmul peak: {peak:.1f} GFLOP/s')
    return peak


def variant_names(args: argparse.Namespace) -> List[str]:
    """reference (``impl='plain'``, PYSKL's code paths), fast (``impl='fast'``, the default),
    and the opt-in inference/compile forms of fast."""
    names = ['reference', 'fast']
    if args.mode == 'infer':
        names += ['fast+fold-bn', 'fold+skip-empty']
    if args.int8:
        names.append('fold+int8')
    if args.compile:
        names.append('fast+compile')
    return names


def build_variant(name: str, args: argparse.Namespace, device: torch.device) -> torch.nn.Module:
    """Implementation ``name`` of the model, always with the same (seeded) weights."""
    fast = steps.build_model(args.model_cfg, device)
    if name == 'fast':
        return fast
    if name == 'reference':
        plain = steps.build_model(args.model_cfg, device, impl='plain')
        plain.load_state_dict(fast.state_dict())
        return plain
    if name == 'fast+compile':
        return torch.compile(fast)
    folded = fuse_conv_bn(fast.eval())
    if name == 'fast+fold-bn':
        return folded
    if name == 'fold+skip-empty':
        return skip_empty_persons(folded)
    # activation ranges observed on the benchmark's own input (random data, seed 0), split
    # into (up to) four batches as a calibration set would come
    calib, _ = steps.random_batch(fast, args.batch_size, args.clip_len, device,
                                  args.padded_fraction)
    return quantize_int8(folded, calib.chunk(4))


def step_fn(model: torch.nn.Module, args: argparse.Namespace,
            device: torch.device) -> Callable[[], object]:
    """The timed call: a training step or an inference batch on the benchmark's input."""
    inputs, labels = steps.random_batch(model, args.batch_size, args.clip_len, device,
                                        args.padded_fraction)
    if args.mode == 'infer':
        return steps.infer_fn(model, inputs, args.amp)
    return steps.train_step_fn(model, inputs, labels, args.amp)


def timing_command(args: argparse.Namespace) -> Callable[[str], List[str]]:
    """The command line of a process that times one implementation (``--time-only``)."""
    base = [sys.executable, os.path.abspath(__file__), args.model, '--mode', args.mode,
            '--batch-size', str(args.batch_size), '--clip-len', str(args.clip_len),
            '--device', args.device, '--iters', str(args.iters), '--warmup', str(args.warmup),
            '--padded-fraction', str(args.padded_fraction)]
    base += ['--threads', str(args.threads)] if args.threads else []
    base += [flag for flag, on in (('--amp', args.amp),
                                   ('--keep-freed-memory', args.keep_freed_memory)) if on]
    return lambda name: base + ['--time-only', name]


def time_only(args: argparse.Namespace, device: torch.device) -> None:
    """The timing process: one implementation, its result as a JSON line."""
    step = step_fn(build_variant(args.time_only, args, device), args, device)
    result = measure.time_step(step, args.iters, args.warmup, device)
    print(measure.RESULT_TAG + json.dumps(result))


def benchmark_model(args: argparse.Namespace, device: torch.device, peak: float) -> float:
    """Time the model variants; prints a line each and returns the fast training (or inference)
    samples/s."""
    names = variant_names(args)
    variants = {name: build_variant(name, args, device) for name in names}
    inputs, labels = steps.random_batch(variants['fast'], args.batch_size, args.clip_len, device,
                                        args.padded_fraction)
    # FlopCounterMode sees no quantized kernels: int8 would count as the float work left
    gflops = {name: measure.forward_gflops(steps.infer_fn(model, inputs[:1]))
              for name, model in variants.items() if 'compile' not in name and 'int8' not in name}
    print(f'model: {args.model}; input {tuple(inputs.shape)} (N, M, T, V, C); forward GFLOPs '
          'per sample: ' + ', '.join(f'{n} {g:.2f}' for n, g in gflops.items()))
    if args.mode == 'infer':
        scores = {name: steps.infer_fn(model, inputs, args.amp)()
                  for name, model in variants.items() if 'compile' not in name}
        for name, score in scores.items():
            if name != 'reference':
                diff = (score.float() - scores['reference'].float()).abs().max().item()
                scale = scores['reference'].abs().max().item()
                print(f'max |score - reference score|: {name} {diff:.2e} (scores reach '
                      f'{scale:.2e})')
    else:
        saved = {name: measure.saved_activations_mb(
                     lambda m=model, x=inputs: m.train()(x, mode='tensor'))
                 for name, model in variants.items() if 'compile' not in name}
        print('activations saved for backward (MB): '
              + ', '.join(f'{name} {mb:.0f}' for name, mb in saved.items()))
    del variants, inputs, labels
    try:
        results = measure.time_in_fresh_processes(timing_command(args), names, args.rounds)
    except RuntimeError as err:
        raise SystemExit(f'benchmark: {err}') from None
    # a training step runs the forward, then about twice its work backwards
    work = gflops['reference'] * (3 if args.mode == 'train' else 1)
    base = statistics.median(results['reference']['times'])
    for name, result in results.items():
        seconds = statistics.median(result['times'])
        rate = args.batch_size / seconds
        print(f'{args.mode} {name:>15}: {rate:8.2f} samples/s  {rate * work:7.1f} GFLOP/s '
              f'({rate * work / peak:.2f} of matmul peak)  peak memory {result["peak_mb"]:.0f} '
              f'MB  speed-up vs reference {base / seconds:.2f}x')
    print('samples/s per timing process, round by round: ' + '; '.join(
        f'{name} ' + ' '.join(f'{args.batch_size / t:.2f}' for t in result['process_medians'])
        for name, result in results.items()))
    return args.batch_size / statistics.median(results['fast']['times'])


def benchmark_data(args: argparse.Namespace, device: torch.device, peak: float) -> None:
    """Time the NTU and NW-UCLA training pipelines on real samples against model training."""
    model_args = copy.copy(args)
    model_args.mode = 'train'
    train_rate = benchmark_model(model_args, device, peak)
    sets = [('NTU RGB+D 3D', NTU_CONFIG, data.ntu_records),
            ('NW-UCLA', NWUCLA_CONFIG, data.nwucla_records)]
    rounds = 1 if args.smoke else 3
    for name, config, read in sets:
        records = read(args.data_root, args.data_samples)
        rate = data.pipeline_samples_per_s(data.train_pipeline(config), records, rounds)
        print(f'data {name} train pipeline ({os.path.relpath(config, REPO)}, {len(records)} '
              f'real samples): {rate:.1f} samples/s per core, {rate / train_rate:.1f}x the '
              f'fast model\'s training samples/s')


def main() -> None:
    args = parse_args()
    device = torch.device(args.device)
    if device.type == 'cuda' and not torch.cuda.is_available():
        raise SystemExit('benchmark: --device cuda but CUDA is not available')
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.keep_freed_memory and not keep_freed_memory():
        raise SystemExit('benchmark: --keep-freed-memory needs glibc (Linux)')
    if args.mode == 'data' and not os.path.isdir(args.data_root):
        raise SystemExit(f'benchmark: --data-root {args.data_root} does not exist')
    try:
        args.model_cfg = steps.model_cfg(args.model)
    except (ValueError, FileNotFoundError) as err:
        raise SystemExit(f'benchmark: {err}') from None
    if args.time_only:
        time_only(args, device)
        return
    peak = print_header(device, args)
    if args.mode == 'data':
        benchmark_data(args, device, peak)
    else:
        benchmark_model(args, device, peak)


if __name__ == '__main__':
    main()

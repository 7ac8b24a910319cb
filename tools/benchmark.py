"""Speed of the package's models against PYSKL's code with the same weights; or the data
pipeline's speed against model training.

Graph models (ST-GCN, AAGCN, ...) and PoseC3D models (SlowOnly-R50, C3D-light, X3D-shallow):
``impl='fast'`` against the plain implementation (``impl='plain'``: PYSKL's code paths), CTR-GCN
included; MS-G3D has one implementation. With
``--pyskl-root`` graph models are also timed with PYSKL's own modules (STGCN, AAGCN, CTRGCN, MSG3D,
DGSTGCN), and PoseC3D models (SlowOnly-R50, C3D-light, X3D-shallow) against them, after checking
that both give the same outputs.

    python tools/benchmark.py STGCN --mode train          # or AAGCN, AGCN, STGCN++, a config
    python tools/benchmark.py configs/stgcn/stgcn_nwucla/j.py --mode infer --clip-len 52
    python tools/benchmark.py STGCN --mode data            # needs ../shared/data
    python tools/benchmark.py STGCN --mode infer --int8    # also time int8 convolutions
    python tools/benchmark.py STGCN --smoke                # tiny sizes, one iteration (CI)
    python tools/benchmark.py CTRGCN --mode train --pyskl-root ~/pyskl   # or MSG3D, DGSTGCN
    python tools/benchmark.py SlowOnly-R50 --mode train --batch-size 2 --pyskl-root ~/pyskl
    python tools/benchmark.py X3D-shallow --mode data --pyskl-root ~/pyskl   # heatmap pipeline
    python tools/benchmark.py X3D-shallow --mode train --kernels   # which kernels ran
    python tools/benchmark.py C3D-light --mode infer --amp   # bfloat16 on a CPU that has it

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
from typing import Callable, Dict, List, Tuple

import torch
from benchmarking import data, heatmaps, measure, pyskl, steps

from stgcn_kit.engine.cpu_amp import cpu_amp_note, cpu_bf16_units
from stgcn_kit.models.fast import fuse_conv_bn, quantize_int8, skip_empty_persons
from stgcn_kit.utils import keep_freed_memory

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NTU_CONFIG = os.path.join(REPO, 'configs/stgcn/stgcn_pyskl_ntu60_xsub_3d/j.py')
NWUCLA_CONFIG = os.path.join(REPO, 'configs/stgcn/stgcn_nwucla/j.py')


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('model', help='a config file or a model: '
                        f'{sorted(steps.BACKBONES) + sorted(steps.POSEC3D)}')
    parser.add_argument('--mode', choices=['train', 'infer', 'data'], default='train')
    parser.add_argument('--batch-size', type=int, default=16)
    parser.add_argument('--clip-len', type=int, default=None,
                        help=f'frames per sample (default: 100; PoseC3D '
                        f'{steps.POSEC3D_CLIP_LEN})')
    parser.add_argument('--size', type=int, default=None,
                        help='PoseC3D heatmap height and width (default: PYSKL\'s '
                        f'{steps.POSEC3D_SIZE["train"]} for train, '
                        f'{steps.POSEC3D_SIZE["infer"]} for infer)')
    parser.add_argument('--pyskl-root',
                        help='a PYSKL checkout (holding pyskl/models/...): the model (and for '
                        'PoseC3D the heatmap pipeline) is also timed with PYSKL\'s own code '
                        '(docs/benchmark.md says how to get it)')
    parser.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    parser.add_argument('--iters', type=int, default=10, help='timed iterations per process')
    parser.add_argument('--warmup', type=int, default=2,
                        help='untimed iterations first, per process')
    parser.add_argument('--rounds', type=int, default=3,
                        help='fresh timing processes per implementation, run in turn')
    parser.add_argument('--threads', type=int, default=None,
                        help='torch threads while timing (default: all cores)')
    parser.add_argument('--amp', action='store_true',
                        help='autocast (float16 + loss scaling on CUDA; bfloat16 on a CPU with '
                        'AVX512-BF16 or AMX, float32 with a note on other CPUs)')
    parser.add_argument('--kernels', action='store_true',
                        help='also run one step of each implementation with oneDNN and MKL '
                        'verbose on and the profiler: print which kernels ran and the top '
                        'operators')
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
                        help='raw samples per dataset parsed for --mode data (PoseC3D: '
                        'synthetic samples)')
    parser.add_argument('--smoke', action='store_true',
                        help='tiny sizes (PoseC3D: 32 x 32 heatmaps) and one iteration: '
                        'checks that everything runs')
    # internal: the process that times one implementation
    parser.add_argument('--time-only', help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.smoke:
        args.batch_size, args.clip_len, args.iters, args.warmup, args.rounds = 2, 8, 1, 1, 1
        args.data_samples = min(args.data_samples, 3)
    if (min(args.batch_size, args.iters, args.rounds, args.clip_len or 1, args.size or 1) < 1
            or args.warmup < 0):
        parser.error('--batch-size, --clip-len, --size, --iters and --rounds must be >= 1, '
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
    if device.type == 'cpu':
        print(f'CPU vector units: {torch.backends.cpu.get_cpu_capability()}; bfloat16 units: '
              f'{cpu_bf16_units() or "none"}; amp: {"bfloat16" if args.amp else "off"}')
    peak = measure.matmul_peak_gflops(device, size=256 if args.smoke else 2048)
    print(f'fp32 matmul peak: {peak:.1f} GFLOP/s')
    return peak


def variant_names(args: argparse.Namespace) -> List[str]:
    """PYSKL's modules first (with ``--pyskl-root``), then ours: for graph models with a fast
    path reference (``impl='plain'``, PYSKL's code paths), fast (``impl='fast'``, the default)
    and, for graph models, the opt-in inference/compile forms of fast; for MS-G3D the one
    implementation. The first name is the one compared against."""
    names = ['pyskl'] if args.pyskl_root else []
    if not args.fast_path:
        return names + ['stgcn_kit']
    names += ['reference', 'fast']
    if args.posec3d:  # the fast PoseC3D units fold eval-mode BNs themselves
        return names
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
    if name in ('fast', 'stgcn_kit'):
        return fast
    if name == 'pyskl':
        model = pyskl.PysklCode(args.pyskl_root).recognizer(args.model_cfg).to(device)
        pyskl.load_same_weights(model, fast)
        return model
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


def batch(model: torch.nn.Module, args: argparse.Namespace,
          device: torch.device) -> Tuple[torch.Tensor, torch.Tensor]:
    """The benchmark's input and labels for ``model``."""
    return steps.random_batch(model, args.batch_size, args.clip_len, device,
                              args.padded_fraction, size=args.size)


def step_fn(model: torch.nn.Module, args: argparse.Namespace,
            device: torch.device) -> Callable[[], object]:
    """The timed call: a training step or an inference batch on the benchmark's input (shaped
    by our model: PYSKL's graph backbones do not all record their person count)."""
    inputs, labels = batch(steps.build_model(args.model_cfg, device), args, device)
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
    base += ['--size', str(args.size)] if args.size else []
    base += ['--pyskl-root', args.pyskl_root] if args.pyskl_root else []
    base += [flag for flag, on in (('--amp', args.amp),
                                   ('--keep-freed-memory', args.keep_freed_memory)) if on]
    return lambda name: base + ['--time-only', name]


def time_only(args: argparse.Namespace, device: torch.device) -> None:
    """The timing process: one implementation, its result as a JSON line."""
    step = step_fn(build_variant(args.time_only, args, device), args, device)
    result = measure.time_step(step, args.iters, args.warmup, device)
    print(measure.RESULT_TAG + json.dumps(result))


def _present_persons(inputs: torch.Tensor) -> torch.Tensor:
    """Where the input gradient is compared: of skeletons ``(N, M, T, V, C)``, the persons that
    are not all zero, ``(N, M)``; of anything else, everything.

    A padded (all-zero) person stays constant over time through the network, so the temporal
    max-pools of the multi-scale temporal units tie there, and the gradient at a tie is a
    subgradient that rounding picks (any other order of float sums picks another); the input
    BN's zero variance for that person's slot then amplifies it by ``1 / sqrt(eps)``.
    """
    if inputs.dim() != 5:
        return torch.ones((), dtype=torch.bool)
    return inputs.detach().flatten(2).ne(0).any(-1)


def check_pyskl_outputs(variants: Dict[str, torch.nn.Module], inputs: torch.Tensor,
                        labels: torch.Tensor, dtype: torch.dtype = torch.float32) -> None:
    """PYSKL's and our model (and our plain reference) give the same eval scores, and the same
    training-mode scores and input gradient (of the persons present, :func:`_present_persons`)
    under the same dropout seed, computed in ``dtype``;
    else the benchmark stops (nothing timed). The models are left as they were (float32, BN
    statistics untouched by the training-mode pass)."""
    scores, train_scores, grads = {}, {}, {}
    for name in ('pyskl', 'reference', 'fast', 'stgcn_kit'):
        if name not in variants:
            continue
        saved = copy.deepcopy(variants[name].state_dict())
        model, x = variants[name].to(dtype), inputs.to(dtype)
        scores[name] = steps.infer_fn(model, x)()
        x = x.clone().requires_grad_()
        torch.manual_seed(1)
        out = model.train()(x, mode='tensor')
        torch.nn.functional.cross_entropy(out, labels).backward()
        train_scores[name], grads[name] = out.detach(), x.grad[_present_persons(x)]
        model.zero_grad(set_to_none=True)
        model.float().load_state_dict(saved)
    lines = []
    for what, outputs in (('eval scores', scores), ('train scores', train_scores),
                          ('input gradient', grads)):
        try:
            lines += [f'{what}: {line}' for line in pyskl.check_same_outputs(outputs, 'pyskl')]
        except ValueError as err:
            raise SystemExit(f'benchmark: {what}: {err}') from None
    print('same outputs as PYSKL (allclose): ' + '; '.join(lines))


def _rate(samples_per_s: float, width: int = 0) -> str:
    # two decimals, four below one sample/s (the 3D CNNs on one CPU core)
    return f'{samples_per_s:{width}.{2 if samples_per_s >= 1 else 4}f}'


def benchmark_model(args: argparse.Namespace, device: torch.device, peak: float) -> float:
    """Time the model variants; prints a line each and returns our (fast) training (or
    inference) samples/s."""
    names = variant_names(args)
    ref, ours = names[0], 'fast' if 'fast' in names else 'stgcn_kit'
    variants = {name: build_variant(name, args, device) for name in names}
    inputs, labels = batch(variants[ours], args, device)
    # FlopCounterMode sees no quantized kernels: int8 would count as the float work left
    gflops = {name: measure.forward_gflops(
                  lambda m=model, x=inputs[:1]: m.eval()(x, mode='tensor'))
              for name, model in variants.items() if 'compile' not in name and 'int8' not in name}
    layout = '(N, views, C, T, H, W)' if args.posec3d else '(N, M, T, V, C)'
    print(f'model: {args.model}; input {tuple(inputs.shape)} {layout}; forward GFLOPs '
          'per sample: ' + ', '.join(f'{n} {g:.2f}' for n, g in gflops.items()))
    if args.pyskl_root:
        # float32 gradients of deep networks are ill-conditioned (DG-STGCN's channels-last
        # order moves its input gradient by ~1e-3 of the scale; the fast 3D CNNs sum theirs in
        # another order), so models are compared in float64, where any other operation stands
        # out; PoseC3D on its first two samples, as float64 3D convolutions are slow
        check_pyskl_outputs(variants, inputs[:2] if args.posec3d else inputs,
                            labels[:2] if args.posec3d else labels, torch.float64)
    elif args.posec3d:
        print('PYSKL not timed: no --pyskl-root (a PYSKL checkout; see docs/benchmark.md), '
              'so stgcn_kit is compared with its own plain implementation only')
    if args.mode == 'infer' and 'reference' in variants:
        scores = {name: steps.infer_fn(model, inputs, args.amp)()
                  for name, model in variants.items() if 'compile' not in name}
        for name, score in scores.items():
            if name not in ('reference', 'pyskl'):
                diff = (score.float() - scores['reference'].float()).abs().max().item()
                scale = scores['reference'].abs().max().item()
                print(f'max |score - reference score|: {name} {diff:.2e} (scores reach '
                      f'{scale:.2e})')
    if args.mode != 'infer':
        saved = {name: measure.saved_activations_mb(
                     lambda m=model, x=inputs: m.train()(x, mode='tensor'))
                 for name, model in variants.items() if 'compile' not in name}
        print('activations saved for backward (MB): '
              + ', '.join(f'{name} {mb:.0f}' for name, mb in saved.items()))
    if args.kernels:  # last: a training step changes the weights
        for name, model in variants.items():
            if 'compile' in name:
                continue
            step = step_fn(model, args, device)
            print(f'kernels of {name} (one {args.mode} step): '
                  + '; '.join(measure.kernel_summary(step, device)))
    del variants, inputs, labels
    try:
        results = measure.time_in_fresh_processes(timing_command(args), names, args.rounds)
    except RuntimeError as err:
        raise SystemExit(f'benchmark: {err}') from None
    # a training step runs the forward, then about twice its work backwards
    work = gflops[ref] * (3 if args.mode == 'train' else 1)
    base = statistics.median(results[ref]['times'])
    for name, result in results.items():
        seconds = statistics.median(result['times'])
        rate = args.batch_size / seconds
        print(f'{args.mode} {name:>15}: {_rate(rate, 8)} samples/s  {rate * work:7.1f} GFLOP/s '
              f'({rate * work / peak:.2f} of matmul peak)  peak memory {result["peak_mb"]:.0f} '
              f'MB  speed-up vs {ref} {base / seconds:.2f}x')
    print('samples/s per timing process, round by round: ' + '; '.join(
        f'{name} ' + ' '.join(_rate(args.batch_size / t) for t in result['process_medians'])
        for name, result in results.items()))
    return args.batch_size / statistics.median(results[ours]['times'])


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


def benchmark_heatmaps(args: argparse.Namespace, device: torch.device, peak: float) -> None:
    """PoseC3D: the heatmap training pipelines (keypoint and limb) on synthetic 2D poses, per
    core, ours and PYSKL's, against our model's training samples/s."""
    model_args = copy.copy(args)
    model_args.mode = 'train'
    train_rate = benchmark_model(model_args, device, peak)
    code = pyskl.PysklCode(args.pyskl_root) if args.pyskl_root else None
    records = heatmaps.synthetic_records(args.data_samples, seed=0)
    print(f'pipeline input: {heatmaps.describe(records)}')
    rounds = 1 if args.smoke else 3
    for kind, config in heatmaps.pipeline_configs(args.model).items():
        try:
            rates = heatmaps.compare_pipelines(heatmaps.train_transforms(config), records,
                                               rounds, code)
        except ValueError as err:
            raise SystemExit(f'benchmark: {kind} pipeline: {err}') from None
        where = os.path.relpath(config, REPO)
        for impl, rate in rates.items():
            print(f'data {kind} {impl:>9} pipeline ({where}): {rate:7.1f} samples/s per core, '
                  f'{train_rate / rate:5.2f} cores to feed stgcn_kit training '
                  f'({train_rate:.2f} samples/s)')
        if code is None:
            print(f'data {kind}: PYSKL pipeline not timed (no --pyskl-root)')


def main() -> None:
    args = parse_args()
    device = torch.device(args.device)
    if device.type == 'cuda' and not torch.cuda.is_available():
        raise SystemExit('benchmark: --device cuda but CUDA is not available')
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.keep_freed_memory and not keep_freed_memory():
        raise SystemExit('benchmark: --keep-freed-memory needs glibc (Linux)')
    try:
        args.model_cfg = steps.model_cfg(args.model)
    except (ValueError, FileNotFoundError) as err:
        raise SystemExit(f'benchmark: {err}') from None
    args.posec3d = steps.is_posec3d(args.model_cfg)
    args.fast_path = steps.has_fast_path(args.model_cfg)
    if args.pyskl_root and not args.time_only:
        try:
            pyskl.PysklCode(args.pyskl_root)
        except FileNotFoundError as err:
            raise SystemExit(f'benchmark: {err}') from None
    if args.amp and device.type == 'cpu' and cpu_bf16_units() is None:
        if not args.time_only:
            print(cpu_amp_note())
        args.amp = False
    if args.posec3d:
        if args.int8 or args.compile:
            raise SystemExit('benchmark: --int8 and --compile are for graph models')
        args.clip_len = args.clip_len or steps.POSEC3D_CLIP_LEN
        # smoke: the smallest heatmaps every PoseC3D backbone's strides still divide
        default_size = steps.POSEC3D_SIZE['infer' if args.mode == 'infer' else 'train']
        args.size = 32 if args.smoke else args.size or default_size
    else:
        if args.size:
            raise SystemExit('benchmark: --size is for PoseC3D models '
                             f'({", ".join(sorted(steps.POSEC3D))} or a Recognizer3D config)')
        if args.mode == 'data' and args.pyskl_root:
            raise SystemExit('benchmark: --pyskl-root with --mode data is for PoseC3D models '
                             '(the heatmap pipeline)')
        args.clip_len = args.clip_len or 100
        if args.mode == 'data' and not os.path.isdir(args.data_root):
            raise SystemExit(f'benchmark: --data-root {args.data_root} does not exist')
    if args.time_only:
        time_only(args, device)
        return
    peak = print_header(device, args)
    if args.mode == 'data':
        (benchmark_heatmaps if args.posec3d else benchmark_data)(args, device, peak)
    else:
        benchmark_model(args, device, peak)


if __name__ == '__main__':
    main()

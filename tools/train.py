"""Train a skeleton action recogniser from a config (one process, or one per GPU/CPU worker
under ``tools/dist_train.sh``)."""
import argparse

from stgcn_kit.apis.cli import add_config_and_launcher_arguments, load_config, report_errors
from stgcn_kit.apis.train import configure_training, train_model


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('config', help='config file')
    parser.add_argument('--work-dir', help='where logs and checkpoints go (default: the '
                        "config's work_dir, else work_dirs/<config folder>/<config name>)")
    parser.add_argument('--resume', nargs='?', const='auto', metavar='CKPT',
                        help='resume from CKPT, or without CKPT from the latest checkpoint of '
                        'the work dir')
    parser.add_argument('--start-over', action='store_true',
                        help='when resuming from the work dir (--resume without CKPT, or the '
                        "config's auto_resume) finds checkpoints there but none valid, train from "
                        'scratch instead of failing')
    parser.add_argument('--seed', type=int, help='random seed')
    parser.add_argument('--deterministic', action='store_true',
                        help='deterministic cuDNN / torch algorithms')
    parser.add_argument('--amp', action='store_true',
                        help='mixed precision: float16 with loss scaling on CUDA, bfloat16 '
                        'autocast on a CPU with AVX512-BF16 or AMX (elsewhere says so and runs '
                        'float32)')
    parser.add_argument('--validate', action='store_true',
                        help='validate during training (off otherwise)')
    parser.add_argument('--test-last', action='store_true',
                        help='test the final weights after training')
    parser.add_argument('--test-best', action='store_true',
                        help='test the best validated checkpoint after training (needs '
                        '--validate)')
    parser.add_argument('--auto-scale-lr', action='store_true',
                        help='scale the learning rate linearly with the total batch size '
                        '(relative to auto_scale_lr.base_batch_size of the config)')
    add_config_and_launcher_arguments(parser, 'train_cfg.max_epochs=30')
    return parser.parse_args()


@report_errors
def main() -> None:
    args = parse_args()
    cfg = load_config(args)
    configure_training(cfg, resume=args.resume, amp=args.amp, validate=args.validate,
                       auto_scale_lr=args.auto_scale_lr, seed=args.seed,
                       deterministic=args.deterministic, test_best=args.test_best,
                       start_over=args.start_over)
    train_model(cfg, work_dir=args.work_dir, launcher=args.launcher, test_last=args.test_last,
                test_best=args.test_best)


if __name__ == '__main__':
    main()

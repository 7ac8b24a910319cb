"""The main job behind ``make quickstart``: convert NW-UCLA, train a joint-stream ST-GCN briefly,
test it and print its accuracy (about 10 minutes on 2 CPU cores).

    python tools/quickstart.py [--work-dir work_dirs/quickstart]
"""
import argparse
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONFIG = 'configs/stgcn/stgcn_nwucla_quickstart/j.py'
ANN_FILE = REPO / 'data/nw-ucla/nw-ucla.pkl'  # the config's ann_file
RAW_CANDIDATES = (REPO / 'data/nw-ucla', REPO.parent / 'shared/data/nw-ucla')

NO_DATA = """\
NW-UCLA was not found. Quickstart trains on the Northwestern-UCLA Multiview Action3D dataset as
prepared by the CTR-GCN authors: a folder `all_sqe/` of 1,484 JSON files
(`aAA_sSS_eEE_vVV.json`, each {"file_name", "skeletons": T x 20 x 3, "label"}) and
`val_label.pkl`, linked from the CTR-GCN README (https://github.com/Uason-Chen/CTR-GCN,
section "Northwestern-UCLA"). Put them at `data/nw-ucla/all_sqe/` in this repository and run
`make quickstart` again."""


def run(step: str, args: list) -> None:
    print(f'\n== {step}: {" ".join(args)}', flush=True)
    result = subprocess.run([sys.executable, *args], cwd=REPO)
    if result.returncode:
        sys.exit(f'quickstart: {step} failed (exit {result.returncode}); see the output above')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--work-dir', default='work_dirs/quickstart')
    args = parser.parse_args()

    if not ANN_FILE.exists():
        raw = next((p for p in RAW_CANDIDATES if (p / 'all_sqe').is_dir()), None)
        if raw is None:
            print(NO_DATA)
            sys.exit(1)
        run('convert', ['tools/data/nwucla_gendata.py', '--data-path', str(raw),
                        '--out', str(ANN_FILE)])
    run('train', ['tools/train.py', CONFIG, '--work-dir', args.work_dir, '--seed', '0'])
    # imported here, not above: it loads torch, which the missing-data message need not wait for
    from stgcn_kit.engine.work_dir import read_last_checkpoint
    checkpoint = read_last_checkpoint(str(REPO / args.work_dir))
    result = f'{args.work_dir}/result.pkl'
    run('test', ['tools/test.py', CONFIG, checkpoint,
                 '--work-dir', args.work_dir, '--eval', 'top_k_accuracy', 'mean_class_accuracy',
                 '--out', result])
    run('accuracy', ['tools/ensemble.py', '--scores', result])


if __name__ == '__main__':
    main()

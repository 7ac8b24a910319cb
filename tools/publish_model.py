"""Prepare a trained checkpoint for release: keep the weights and meta (drop the optimizer,
schedulers and message hub), then name it with the first 8 hex digits of its sha256, as
OpenMMLab's model zoo does:

    python tools/publish_model.py work_dirs/stgcn_mine_j/epoch_20.pth stgcn_mine_j.pth
    # -> stgcn_mine_j-1a2b3c4d.pth
"""
import argparse
import hashlib
import io
import os

import torch

from stgcn_kit.apis.cli import add_trust_argument, report_errors
from stgcn_kit.engine import load_checkpoint_file
from stgcn_kit.utils.io import atomic_open

KEEP = ('state_dict', 'meta')


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('in_file', help='checkpoint from training')
    parser.add_argument('out_file', help='name of the release (its hash is added before .pth)')
    add_trust_argument(parser)
    return parser.parse_args()


def publish(in_file: str, out_file: str, trust: bool = False) -> str:
    """Write the stripped checkpoint as ``<out_file stem>-<sha256[:8]>.pth`` (atomically) and
    return that path. ``ValueError`` naming ``in_file`` when it is no readable checkpoint; it
    is unpickled fully (it can run code) only with ``trust``."""
    # the parts left out of a release may be skipped (a foreign message hub names globals
    # a weights-only load refuses)
    ckpt = load_checkpoint_file(in_file, 'cpu', trust, weights_only_parts=True)
    if not isinstance(ckpt, dict) or 'state_dict' not in ckpt:
        raise ValueError(f'{in_file}: no state_dict; is this a training checkpoint?')
    buffer = io.BytesIO()
    torch.save({k: ckpt[k] for k in KEEP if k in ckpt}, buffer)
    data = buffer.getvalue()
    stem = out_file[:-len('.pth')] if out_file.endswith('.pth') else out_file
    final = f'{stem}-{hashlib.sha256(data).hexdigest()[:8]}.pth'
    with atomic_open(final, 'wb') as f:
        f.write(data)
    return final


@report_errors
def main() -> None:
    args = parse_args()
    try:
        final = publish(args.in_file, args.out_file, args.trust_pickle)
    except ValueError as err:
        raise SystemExit(f'error: {err}') from None
    print(f'wrote {final} ({os.path.getsize(final) / 2**20:.1f} MiB)')


if __name__ == '__main__':
    main()

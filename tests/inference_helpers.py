"""What the tests of inference, the demo, the analysis tools and the ONNX export share: a tiny
ST-GCN config and a tiny PoseC3D config, a checkpoint of random weights (small enough to run in
well under a second on a CPU), also with the numpy parts a training run adds, and running a
command-line script in this process."""
import runpy
import sys
from pathlib import Path
from typing import Dict, Optional, Sequence

import numpy as np
import torch
from mmengine.logging import MMLogger

REPO = Path(__file__).resolve().parents[1]

TWO_D = ('coco', 'openpose')


def _label_map_line(folder: Path, label_names: Optional[Sequence[str]]) -> str:
    """With ``label_names``: write ``folder/labels.txt`` and return the config line naming it;
    else an empty string."""
    if label_names is None:
        return ''
    (folder / 'labels.txt').write_text('\n'.join(label_names) + '\n')
    return f"label_map = {str(folder / 'labels.txt')!r}\n"


def write_tiny_config(folder: Path, layout: str, num_classes: int = 4, clip_len: int = 16,
                      num_clips: int = 2, label_names: Optional[Sequence[str]] = None) -> Path:
    """Write ``folder/tiny_<layout>.py``: a 2-block, 8-channel ST-GCN on ``layout`` with a
    test pipeline as the shipped configs build it (2D: PreNormalize2D, two people; 3D:
    PreNormalize3D, one person) and, with ``label_names``, a label map beside it."""
    two_d = layout in TWO_D
    people = 2 if two_d else 1
    normalize = "dict(type='PreNormalize2D')" if two_d else "dict(type='PreNormalize3D')"
    label_map = _label_map_line(folder, label_names)
    config = folder / f'tiny_{layout.replace("+", "")}.py'
    config.write_text(f"""default_scope = 'stgcn_kit'
model = dict(
    type='RecognizerGCN',
    backbone=dict(type='STGCN', graph_cfg=dict(layout={layout!r}, mode='stgcn_spatial'),
                  base_channels=8, num_stages=2, inflate_stages=[], down_stages=[2],
                  num_person={people}),
    cls_head=dict(type='GCNHead', num_classes={num_classes}, in_channels=8))
test_pipeline = [
    {normalize},
    dict(type='GenSkeFeat', dataset={layout!r}, feats=['j']),
    dict(type='UniformSampleFrames', clip_len={clip_len}, num_clips={num_clips}, test_mode=True),
    dict(type='PoseDecode'),
    dict(type='FormatGCNInput', num_person={people}),
    dict(type='PackActionInputs')]
{label_map}""")
    return config


# the three PoseC3D backbones at one block of 8 base channels per stage, and what they output
TINY_3D_BACKBONES = {
    'X3D': ("dict(type='X3D', gamma_d=1, base_channels=8, num_stages=3, se_ratio=None, "
            "use_swish=False, stage_blocks=(1, 1, 1), spatial_strides=(2, 2, 2))", 72),
    'C3D': ("dict(type='C3D', base_channels=8, num_stages=3, temporal_downsample=False)", 64),
    'ResNet3dSlowOnly': (
        "dict(type='ResNet3dSlowOnly', depth=50, base_channels=8, num_stages=3, "
        "stage_blocks=(1, 1, 1), out_indices=(2, ), conv1_stride=(1, 1), pool1_stride=(1, 1), "
        "inflate=(0, 1, 1), spatial_strides=(2, 2, 2), temporal_strides=(1, 1, 2))", 128),
}


def write_tiny_posec3d_config(folder: Path, backbone: str = 'X3D', num_classes: int = 4,
                              clip_len: int = 8, num_clips: int = 2, size: int = 32,
                              label_names: Optional[Sequence[str]] = None) -> Path:
    """Write ``folder/tiny_posec3d_<backbone>.py``: a PoseC3D recognizer (one of
    :data:`TINY_3D_BACKBONES`) on COCO-17 keypoint heatmaps with PYSKL's test pipeline
    shrunk (``num_clips`` clips of ``clip_len`` frames at ``size`` x ``size``, each also
    mirrored) and, with ``label_names``, a label map beside it."""
    spec, channels = TINY_3D_BACKBONES[backbone]
    label_map = _label_map_line(folder, label_names)
    config = folder / f'tiny_posec3d_{backbone}.py'
    config.write_text(f"""default_scope = 'stgcn_kit'
backbone = {spec}
model = dict(
    type='Recognizer3D', backbone=dict(backbone, in_channels=17),
    cls_head=dict(type='I3DHead', in_channels={channels}, num_classes={num_classes}),
    test_cfg=dict(average_clips='prob'))
test_pipeline = [
    dict(type='UniformSampleFrames', clip_len={clip_len}, num_clips={num_clips}, test_mode=True),
    dict(type='PoseDecode'),
    dict(type='PoseCompact', hw_ratio=1., allow_imgpad=True),
    dict(type='Resize', scale=({size}, {size}), keep_ratio=False),
    dict(type='GeneratePoseTarget', with_kp=True, with_limb=False, double=True,
         left_kp=[1, 3, 5, 7, 9, 11, 13, 15], right_kp=[2, 4, 6, 8, 10, 12, 14, 16]),
    dict(type='FormatShape', input_format='NCTHW_Heatmap'),
    dict(type='PackActionInputs')]
{label_map}""")
    return config


def save_random_checkpoint(config: Path, out: Path, seed: int = 0) -> Path:
    """Build the config's model with ``seed`` and save its state dict as an mmengine-style
    checkpoint; BatchNorm statistics are made non-trivial so that eval mode matters."""
    from stgcn_kit.apis import init_recognizer
    torch.manual_seed(seed)
    model = init_recognizer(config, device='cpu')
    for name, buffer in model.state_dict().items():
        if name.endswith('running_mean'):
            buffer.normal_(0, 0.1)
        elif name.endswith('running_var'):
            buffer.uniform_(0.5, 2.0)
    torch.save({'meta': {'seed': seed}, 'state_dict': model.state_dict()}, out)
    return out


def save_like_the_runner(config: Path, out: Path, seed: int = 0) -> Dict[str, np.ndarray]:
    """:func:`save_random_checkpoint`'s weights saved with the numpy parts PortableRunner's
    checkpoints hold (numpy scalars in ``meta``, the message hub's arrays); returns the weights
    as arrays."""
    from mmengine.logging import MessageHub

    from stgcn_kit.engine.checkpoint_compat import message_hub_to_plain
    save_random_checkpoint(config, out, seed)
    ckpt = torch.load(out, weights_only=True)
    hub = MessageHub(f'writer_{seed}_{Path(out).name}')
    for loss in (0.5, 0.25):
        hub.update_scalar('train/loss', loss)
    ckpt['meta'].update(epoch=np.int64(3), iter=np.int64(12))
    ckpt['message_hub'] = message_hub_to_plain(hub.state_dict())
    torch.save(ckpt, out)
    return {key: value.numpy() for key, value in ckpt['state_dict'].items()}


def run_script(script: str, *args) -> int:
    """Run ``REPO/script`` as ``__main__`` with ``args`` and return its exit code (0 when it
    returns); an exit message goes to stderr as the interpreter would print it."""
    argv = sys.argv
    sys.argv = [script] + [str(a) for a in args]
    loggers = set(MMLogger._instance_dict)
    try:
        runpy.run_path(str(REPO / script), run_name='__main__')
    except SystemExit as exit_:
        if exit_.code not in (None, 0):
            print(exit_.code if isinstance(exit_.code, str) else '', file=sys.stderr)
            return 1 if isinstance(exit_.code, str) else int(exit_.code)
    finally:
        sys.argv = argv
        # mmengine names a run's logger by the second it started: a later run in the same
        # second would reuse it, with handlers writing to this test's captured stderr
        for name in set(MMLogger._instance_dict) - loggers:
            for handler in MMLogger._instance_dict.pop(name).handlers:
                handler.close()
    return 0

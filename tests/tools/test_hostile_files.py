"""Hostile and careless files through the real tools (each run as its own process, as a user
runs it): every one ends the tool with one ``error: ...`` line naming the file and what is
wrong, exit status 1.

The crafted pickles asking for gigabytes run under an address-space limit, so that a loader
that allocates what they ask fails the test instead of eating the machine's memory."""
import contextlib
import json
import os
import pickle
import re
import resource
import subprocess
import sys

import numpy as np
import pytest
import torch
from hostile_pickles import (
    HUGE,
    huge_bytearray,
    huge_empty_array,
    huge_object_array,
    storage_blob,
    tensor_over,
)
from inference_helpers import REPO, run_script, save_random_checkpoint, write_tiny_config
from payloads import Payload, write_payload_pickle

from stgcn_kit.utils import dump_pickle, load_pickle

TINY_CONFIG = REPO / 'tests' / 'configs' / 'tiny_stgcn_nwucla.py'
# what the tools need to start (torch included), with room to spare, and far below what the
# crafted files ask for
MEMORY_LIMIT = 3 << 30


def run_tool(script: str, *args, memory_limit: int = 0,
             text: bool = True) -> subprocess.CompletedProcess:
    """Run ``REPO/script`` with ``args`` in a new interpreter (under an ``RLIMIT_AS`` of
    ``memory_limit`` bytes when given); its output as text (newlines translated) or bytes."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    return subprocess.run([sys.executable, str(REPO / script), *map(str, args)], cwd=REPO,
                          env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True,
                          text=text, timeout=300, preexec_fn=limit if memory_limit else None)


def one_line_error(done: subprocess.CompletedProcess) -> str:
    """The tool's single error line; fails unless it exited 1 with nothing else on stderr."""
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1 and len(lines) == 1, done.stderr[-3000:]
    assert lines[0].startswith('error: ')
    return lines[0]


def write(path, obj, protocol: int = 2):
    path.write_bytes(pickle.dumps(obj, protocol=protocol))
    return path


@pytest.mark.parametrize('script, crafted, args', [
    ('tools/data/subset_split.py', huge_bytearray(), ['--fraction', '0.5', '--out', 'o.pkl']),
    ('tools/analysis/confusion_matrix.py', [huge_empty_array()], ['--out', 'cm.npy']),
    ('tools/ensemble.py', [dict(frame_dir='a', gt_label=0, pred_score=huge_object_array())],
     []),
    ('tools/analysis/view_yaw.py', dict(annotations=[tensor_over(storage_blob(HUGE // 4))]),
     []),
])
def test_a_tiny_pickle_asking_for_gigabytes_is_refused_before_allocating(tmp_path, script,
                                                                         crafted, args):
    path = write(tmp_path / 'tiny.pkl', crafted)
    assert path.stat().st_size < 700
    if script == 'tools/ensemble.py':
        args = ['--scores', path]
    else:
        args = [path] + [tmp_path / a if a.endswith(('.pkl', '.npy')) else a for a in args]
    line = one_line_error(run_tool(script, *args, memory_limit=MEMORY_LIMIT))
    assert line.startswith(f'error: {path}: refused ')
    assert f'a pickle of {path.stat().st_size} bytes may make its loader allocate' in line
    assert '--trust-pickle' in line and 'MemoryError' not in line


@pytest.mark.parametrize('script, args', [
    ('tools/publish_model.py', ['{crafted_pth}', '{tmp}/release.pth']),
    ('tools/data/subset_split.py', ['{crafted_pkl}', '--fraction', '0.5', '--out',
                                    '{tmp}/o.pkl']),
    ('tools/analysis/view_yaw.py', ['{crafted_pkl}']),
    ('tools/analysis/vis_heatmap.py', ['tests/configs/tiny_posec3d_nwucla.py', '--ann-file',
                                       '{crafted_pkl}', '--sample', 'a', '--out',
                                       '{tmp}/h.png']),
])
def test_the_refusal_names_an_option_the_tool_has(tmp_path, capsys, script, args):
    """The refusal tells how to trust the file, and the tool takes that option."""
    marker = tmp_path / 'ran'
    paths = dict(tmp=tmp_path, crafted_pth=tmp_path / 'crafted.pth',
                 crafted_pkl=write_payload_pickle(tmp_path / 'crafted.pkl', marker, lambda p: dict(
                     split={'train': ['a']}, annotations=[p])))
    torch.save(Payload(marker), paths['crafted_pth'])
    args = [a.format(**paths) for a in args]
    assert run_script(script, *args) == 1
    said = capsys.readouterr().err
    assert 'refused to load the global builtins.exec' in said and not marker.exists()
    named = set(re.findall(r'(--[a-z][a-z-]*)', said))
    assert named == {'--trust-pickle'}, said
    assert run_script(script, '--help') == 0
    assert '--trust-pickle' in capsys.readouterr().out
    with contextlib.suppress(Exception):  # it may fail later: the payload returns None
        run_script(script, *args, '--trust-pickle')
    assert marker.exists()


@pytest.mark.parametrize('where', ['annotations', 'split'])
def test_training_refuses_a_sample_named_twice(tiny_nwucla, tmp_path, where):
    anno = load_pickle(str(tiny_nwucla))
    first = anno['split']['train'][0]
    if where == 'annotations':
        anno['annotations'].append(dict(next(r for r in anno['annotations']
                                             if r['frame_dir'] == first), label=0))
        what = 'the annotations'
    else:
        anno['split']['train'].append(first)
        what = "split 'train'"
    dump_pickle(anno, tmp_path / 'twice.pkl')
    line = one_line_error(run_tool('tools/train.py', TINY_CONFIG, '--work-dir', tmp_path / 'w',
                                   '--cfg-options',
                                   f'train_dataloader.dataset.ann_file={tmp_path}/twice.pkl'))
    assert line == (f'error: {tmp_path / "twice.pkl"}: 1 frame_dir(s) occur more than once in '
                    f'{what}: {first!r}')


@pytest.mark.parametrize('text, problem', [
    ('model = dict(\n    x=1,\n', ", line 1: syntax error ('(' was never closed)"),
    ('_base_ = []\nx = undefined_name\n', ", line 2: NameError: name 'undefined_name' is not "
     'defined'),
    ('import os\nimport not_a_module_anywhere\n', ': ModuleNotFoundError: Failed to import '
     "not_a_module_anywhere in {config}, line 2 for No module named 'not_a_module_anywhere'"),
    (b"x = '\xff'\n", ': not UTF-8 text (byte 5: invalid start byte)'),
])
def test_a_config_that_cannot_be_read_is_one_line_naming_it(tmp_path, text, problem):
    config = tmp_path / 'mine.py'
    config.write_bytes(text if isinstance(text, bytes) else text.encode())
    line = one_line_error(run_tool('tools/train.py', config, '--work-dir', tmp_path / 'w'))
    assert line == f'error: {config}' + problem.format(config=config)


def test_json_nested_beyond_the_recursion_limit(tmp_path):
    (tmp_path / 'all_sqe').mkdir()
    sample = tmp_path / 'all_sqe' / 'a01_s01_e00_v01.json'
    sample.write_text('{"skeletons": ' + '[' * 100_000 + ']' * 100_000 + '}')
    line = one_line_error(run_tool('tools/data/nwucla_gendata.py', '--data-path', tmp_path,
                                   '--out', tmp_path / 'out.pkl'))
    assert line.startswith(f'error: {sample}: unreadable JSON (arrays or objects nested too '
                           f'deeply')
    assert not (tmp_path / 'out.pkl').exists()


def test_labels_beyond_int64(tmp_path):
    """The converters refuse them where they are read (tests/fuzz tries the other limits)."""
    label = 2**64
    np.save(tmp_path / 'x.npy', np.ones((1, 3, 4, 25, 1), np.float32))
    dump_pickle((['s'], [label]), tmp_path / 'label.pkl')
    line = one_line_error(run_tool('tools/data/legacy_gendata.py', '--data-path',
                                   tmp_path / 'x.npy', '--labels', tmp_path / 'label.pkl',
                                   '--out', tmp_path / 'out.pkl', '--split-name', 'val'))
    assert line == (f"error: {tmp_path / 'label.pkl'}: label {label} of sample 's' is not an "
                    f'integer class index in 0-999999')
    np.save(tmp_path / 's.npy', np.ones((3, 17, 2), np.float32))
    (tmp_path / 'labels.csv').write_text(f's,{label}\n')
    line = one_line_error(run_tool('tools/data/custom_gendata.py', '--data-path', tmp_path,
                                   '--labels', tmp_path / 'labels.csv', '--layout', 'coco',
                                   '--out', tmp_path / 'out.pkl', '--no-config'))
    assert line == (f"error: {tmp_path / 'labels.csv'}: row 1 ('s'): label '{label}' is not an "
                    f'integer class index in 0-999999')


def test_an_error_quoting_a_huge_line_stays_short(tmp_path, shared_data):
    """An NTU line of 400 kB, a bad token: the message quotes an excerpt of the line."""
    name = 'S001C001P001R001A001'
    lines = (shared_data / 'ntu-rgbd-raw' / f'{name}.skeleton').read_text().splitlines()
    lines[4] = ' '.join(lines[4].split()[:-1] + ['x' * 400_000])
    length = len(lines[4])
    (tmp_path / 'raw').mkdir()
    (tmp_path / 'raw' / f'{name}.skeleton').write_text('\n'.join(lines) + '\n')
    line = one_line_error(run_tool('tools/data/ntu_gendata.py', '--data-path', tmp_path / 'raw',
                                   '--out', tmp_path / 'out.pkl'))
    assert line.startswith(f'error: {tmp_path}/raw/{name}.skeleton: line 5 ')
    assert len(line) < 400 and line.endswith(f'... ({length} characters)')


def _results(tmp_path, name, score=None, label=None):
    """Six records of three classes; sample v3 gets ``score`` in class 1 or label ``label``."""
    rng = np.random.default_rng(0)
    records = [dict(frame_dir=f'v{i}', gt_label=i % 3, pred_score=rng.random(3, np.float32))
               for i in range(6)]
    if score is not None:
        records[3]['pred_score'][1] = score
    if label is not None:
        records[3]['gt_label'] = label
    return write(tmp_path / name, records, protocol=pickle.HIGHEST_PROTOCOL)


@pytest.mark.parametrize('script, cases', [
    ('tools/analysis/confusion_matrix.py', ['nan', 'label']),
    ('tools/ensemble.py', ['label']),  # which refused NaN scores already
])
def test_result_files_with_nan_scores_or_labels_beyond_their_classes(tmp_path, script, cases):
    """Both tools refuse what the other refuses, naming the file and the sample."""
    made = dict(nan=(_results(tmp_path, 'nan.pkl', score=np.nan), 'has NaN/inf scores'),
                label=(_results(tmp_path, 'int.pkl', label=2**70),
                       f'has label {2**70}, not one of the 3 classes'))
    for path, problem in (made[case] for case in cases):
        args = ['--scores', path] if script == 'tools/ensemble.py' else [
            path, '--out', tmp_path / 'cm.npy']
        line = one_line_error(run_tool(script, *args))
        assert line.startswith(f'error: {path}: sample ') and problem in line
        assert "'v3'" in line or ' v3 ' in line
    assert not (tmp_path / 'cm.npy').exists()


def test_the_demo_writes_progress_lines_into_a_log(shared_data, tmp_path):
    """Its output redirected, the demo prints a few plain progress lines, not a carriage-return
    update per frame."""
    config = write_tiny_config(tmp_path, 'nw-ucla')
    checkpoint = save_random_checkpoint(config, tmp_path / 'ucla.pth')
    path = shared_data / 'nw-ucla' / 'all_sqe' / 'a01_s01_e00_v01.json'
    keypoint = np.array(json.loads(path.read_text())['skeletons'], np.float32)[None]
    dump_pickle(dict(frame_dir='a01', label=0, keypoint=keypoint,
                     total_frames=keypoint.shape[1]), tmp_path / 'poses.pkl')
    done = run_tool('demo/demo_skeleton.py', shared_data / 'videos' / 'stgcn_clean_and_jerk.mp4',
                    tmp_path / 'out.avi', '--config', config, '--checkpoint', checkpoint,
                    '--pose-backend', 'pickle', '--pose-file', tmp_path / 'poses.pkl',
                    '--window', 20, '--stride', 20, text=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert b'\r' not in done.stdout + done.stderr
    log = (done.stdout + done.stderr).decode()
    frames = [line for line in log.splitlines() if re.match(r'\d+/300 frames \(', line)]
    assert len(frames) == 10 and frames[-1].startswith('300/300 frames (100%)')
    assert len(log.splitlines()) < 60


def test_a_checkpoint_asking_numpy_for_gigabytes_is_refused_before_allocating(tmp_path):
    checkpoint = tmp_path / 'tiny.pth'
    torch.save({'state_dict': {}, 'meta': {'array': huge_empty_array()}}, checkpoint)
    line = one_line_error(run_tool('tools/publish_model.py', checkpoint, tmp_path / 'r.pth',
                                   memory_limit=MEMORY_LIMIT))
    assert line.startswith(f'error: {checkpoint}: not a readable checkpoint (UnpicklingError: '
                           f'an array of shape ({HUGE},) ({HUGE} bytes) asked of numpy')


@pytest.mark.parametrize('change, problem', [
    (lambda anno: anno['annotations'].append(dict(anno['annotations'][0], label=1)),
     "1 frame_dir(s) occur more than once in the annotations: '{first}'"),
    (lambda anno: anno.pop('annotations'),
     'expected a dict with an "annotations" list and a "split" dict, got dict'),
])
def test_subset_split_refuses_what_training_refuses(tiny_nwucla, tmp_path, change, problem):
    anno = load_pickle(str(tiny_nwucla))
    first = anno['split']['train'][0]
    change(anno)
    dump_pickle(anno, tmp_path / 'bad.pkl')
    line = one_line_error(run_tool('tools/data/subset_split.py', tmp_path / 'bad.pkl',
                                   '--fraction', '0.5', '--out', tmp_path / 'o.pkl'))
    assert line == f'error: {tmp_path / "bad.pkl"}: ' + problem.format(first=first)
    assert not (tmp_path / 'o.pkl').exists()


@pytest.mark.parametrize('script', ['tools/analysis/view_yaw.py', 'tools/ensemble.py'])
def test_one_array_repeated_in_a_list_is_refused_before_it_is_copied(tmp_path, script):
    """A pickle repeats an object at two bytes a reference: a list of 8192 references to one
    1 MiB array is a 1 MiB file that np.asarray would copy into 8 GiB."""
    repeated = [np.zeros((1, 256, 1024), np.float32)] * 8192
    if script == 'tools/ensemble.py':
        content, args = [dict(frame_dir='a', gt_label=0, pred_score=repeated)], ['--scores']
    else:
        content, args = dict(annotations=[dict(frame_dir='a', label=0, total_frames=256,
                                               keypoint=repeated)]), []
    path = write(tmp_path / 'repeated.pkl', content, protocol=pickle.HIGHEST_PROTOCOL)
    assert path.stat().st_size < 2 << 20
    line = one_line_error(run_tool(script, *args, path, memory_limit=MEMORY_LIMIT))
    assert line.startswith(f'error: {path}: ') and "'a'" in line
    assert f'lists that would make an array of {HUGE} bytes' in line

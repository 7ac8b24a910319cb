"""Faults around ``tools/train.py``'s checkpoints, met as a user meets them: a save beyond the
file-size limit, a kill in the middle of a save, a work dir with nothing valid to resume, a
copied work dir, broken links among the checkpoints, two runs on one work dir."""
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from inference_helpers import run_script

from stgcn_kit.engine import load_checkpoint_file

REPO = Path(__file__).resolve().parents[2]
TRAIN = REPO / 'tools' / 'train.py'
TINY_CONFIG = REPO / 'tests' / 'configs' / 'tiny_stgcn_nwucla.py'

# kills the training process (SIGKILL, no cleanup) halfway through writing epoch 2's checkpoint
KILL_MID_SAVE = '''
import os, runpy, signal, sys
from mmengine.fileio.backends.local_backend import LocalBackend

put = LocalBackend.put

def half_then_die(self, obj, filepath):
    if os.path.basename(str(filepath)).startswith('.epoch_2.pth'):
        with open(filepath, 'wb') as f:
            f.write(obj[:len(obj) // 2])
        os.kill(os.getpid(), signal.SIGKILL)
    return put(self, obj, filepath)

LocalBackend.put = half_then_die
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name='__main__')
'''


def _options(tiny_nwucla, epochs):
    return ['--cfg-options', f'train_cfg.max_epochs={epochs}',
            'default_hooks.checkpoint.max_keep_ckpts=1',
            *[f'{split}_dataloader.dataset.ann_file={tiny_nwucla}'
              for split in ('train', 'val', 'test')]]


def _train_process(tiny_nwucla, work, *args, epochs=1, prefix=(), **popen):
    """``tools/train.py`` of the tiny config in a process of its own (``prefix``: a driver
    script that runs it)."""
    command = [sys.executable, *map(str, prefix), str(TRAIN), str(TINY_CONFIG), '--work-dir',
               str(work), *map(str, args), *_options(tiny_nwucla, epochs)]
    return subprocess.Popen(command, **dict(dict(stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                                 text=True), **popen))


def _finish(proc):
    out, err = proc.communicate(timeout=600)  # a guard against a hung run, not a speed check
    return proc.returncode, out + err


def _train_here(tiny_nwucla, work, *args, epochs=1):
    """``tools/train.py`` of the tiny config run in this process: its exit status."""
    return run_script('tools/train.py', TINY_CONFIG, '--work-dir', work, *args,
                      *_options(tiny_nwucla, epochs))


def _logs(work):
    return '\n'.join(p.read_text() for p in Path(work).glob('*/*.log'))


@pytest.fixture(scope='module')
def one_epoch(tiny_nwucla, tmp_path_factory):
    """A work dir after one epoch (``max_keep_ckpts=1``); tests work on copies."""
    work = tmp_path_factory.mktemp('faults') / 'work'
    assert _train_here(tiny_nwucla, work) == 0
    return work


def _copy(one_epoch, tmp_path):
    return Path(shutil.copytree(one_epoch, tmp_path / 'work', symlinks=True))


def test_a_save_beyond_the_file_size_limit_keeps_the_last_checkpoint(one_epoch, tiny_nwucla,
                                                                     tmp_path):
    work = _copy(one_epoch, tmp_path)
    before = (work / 'epoch_1.pth').read_bytes()
    limit = len(before) // 2  # the logs stay far below it; the next checkpoint cannot
    assert max(p.stat().st_size for p in work.glob('*/*.log')) < limit

    def file_size_limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    code, output = _finish(_train_process(tiny_nwucla, work, '--resume', epochs=2,
                                          preexec_fn=file_size_limit))
    assert code == 1, output
    assert output.strip().splitlines()[-1] == (
        f'error: {work / "epoch_2.pth"}: cannot save the checkpoint (File too large); the older '
        f'checkpoints are kept')
    assert (work / 'epoch_1.pth').read_bytes() == before
    assert (work / 'last_checkpoint').read_text() == 'epoch_1.pth'
    assert sorted(p.name for p in work.iterdir() if p.is_file() and '.pth' in p.name) == \
        ['epoch_1.pth']  # no .part left behind
    # without the limit the run continues from epoch 1; epoch 1 goes once epoch 2 is whole
    assert _train_here(tiny_nwucla, work, '--resume', epochs=2) == 0
    assert 'resumed epoch: 1, iter: 8' in _logs(work)
    assert load_checkpoint_file(work / 'epoch_2.pth')['meta']['epoch'] == 2
    assert not (work / 'epoch_1.pth').exists()
    assert (work / 'last_checkpoint').read_text() == 'epoch_2.pth'


def test_a_kill_during_a_save_keeps_the_last_checkpoint(one_epoch, tiny_nwucla, tmp_path):
    work = _copy(one_epoch, tmp_path)
    before = (work / 'epoch_1.pth').read_bytes()
    driver = tmp_path / 'kill_mid_save.py'
    driver.write_text(KILL_MID_SAVE)
    code, output = _finish(_train_process(tiny_nwucla, work, '--resume', epochs=2,
                                          prefix=[driver]))
    assert code == -signal.SIGKILL, output
    assert (work / '.epoch_2.pth.part').exists()  # the kill came mid-save
    assert (work / 'epoch_1.pth').read_bytes() == before
    assert _train_here(tiny_nwucla, work, '--resume') == 0
    logs = _logs(work)
    assert f'Load checkpoint from {work / "epoch_1.pth"}' in logs
    assert 'resumed epoch: 1, iter: 8' in logs
    assert f'{work / ".epoch_2.pth.part"}: removed an incomplete checkpoint' in logs
    assert not (work / '.epoch_2.pth.part').exists()


def _one_line_error(capsys, tiny_nwucla, work, *args):
    code = _train_here(tiny_nwucla, work, *args)
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and err and 'Traceback' not in '\n'.join(err)
    return err[-1]


def test_resume_without_a_valid_checkpoint_fails_unless_told_to_start_over(
        capsys, tiny_nwucla, tmp_path):
    work = tmp_path / 'work'
    work.mkdir()
    (work / 'last_checkpoint').write_text('epoch_3.pth')  # deleted since
    (work / 'epoch_2.pth').write_bytes(b'PK\x03\x04 cut short')
    assert _one_line_error(capsys, tiny_nwucla, work, '--resume') == (
        f'error: {work}: no valid checkpoint to resume from ({work / "epoch_3.pth"}: no such '
        f'checkpoint); --start-over (config: start_over = True) trains from scratch instead')
    assert not (work / 'epoch_1.pth').exists()
    assert _train_here(tiny_nwucla, work, '--resume', '--start-over') == 0
    assert f'Nothing to resume in {work}: training from scratch' in _logs(work)
    assert load_checkpoint_file(work / 'epoch_1.pth')['meta']['epoch'] == 1


def test_a_copied_work_dir_resumes_from_its_own_checkpoint_past_broken_links(
        one_epoch, tiny_nwucla, tmp_path):
    assert (one_epoch / 'last_checkpoint').read_text() == 'epoch_1.pth'  # relative
    work = _copy(one_epoch, tmp_path)
    # a pointer as mmengine writes it, naming the original's file
    (work / 'last_checkpoint').write_text(str(one_epoch / 'epoch_1.pth'))
    (work / 'epoch_5.pth').symlink_to(tmp_path / 'gone.pth')
    (work / 'epoch_6.pth').symlink_to('epoch_6.pth')
    assert _train_here(tiny_nwucla, work, '--resume') == 0
    logs = _logs(work)
    for name in ('epoch_5.pth', 'epoch_6.pth'):
        assert f'{work / name}: a symbolic link to nothing (its target is missing, or the ' \
               f'links loop); falling back to an older checkpoint' in logs
    assert f'Load checkpoint from {work / "epoch_1.pth"}' in logs
    assert str(one_epoch / 'epoch_1.pth') not in logs


def test_a_second_run_on_a_work_dir_in_use_fails_naming_the_first(capsys, tiny_nwucla,
                                                                  tmp_path):
    work = tmp_path / 'work'
    first = _train_process(tiny_nwucla, work, epochs=1000, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300  # a guard against a hung run, not a speed check
        while not (work / 'last_checkpoint').exists() and first.poll() is None:
            assert time.monotonic() < deadline, 'no checkpoint appeared'
            time.sleep(0.2)
        assert _one_line_error(capsys, tiny_nwucla, work) == (
            f'error: {work}: another training run (pid {first.pid}) works in this directory; '
            f'wait for it to end or give another --work-dir')
        assert first.poll() is None  # the first run goes on
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    assert _train_here(tiny_nwucla, work, '--resume') == 0  # the kill released the lock

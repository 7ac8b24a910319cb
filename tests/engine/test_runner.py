import contextlib
import errno
import os
from pathlib import Path

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.fileio.backends.local_backend import LocalBackend
from mmengine.hooks import Hook
from mmengine.logging import MessageHub
from mmengine.model import BaseModel
from payloads import Payload
from torch.utils.data import DataLoader

from stgcn_kit.engine import (
    PortableRunner,
    SafeCheckpointHook,
    build_runner,
    latest_complete_checkpoint,
    load_checkpoint_file,
    run_job,
)
from stgcn_kit.engine.runner import validate_checkpoint
from stgcn_kit.errors import CheckpointError, DataError
from stgcn_kit.utils import UnsafeFileError

REPO = Path(__file__).resolve().parents[2]


class ToyModel(BaseModel):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(2, 1)

    def forward(self, inputs, data_samples=None, mode='tensor'):
        out = self.fc(torch.stack(inputs) if isinstance(inputs, list) else inputs)
        return dict(loss=out.pow(2).mean()) if mode == 'loss' else out


def toy_runner(work_dir, **kwargs):
    loader = DataLoader([dict(inputs=torch.ones(2))] * 4, batch_size=2,
                        collate_fn=lambda batch: dict(inputs=[b['inputs'] for b in batch]))
    return PortableRunner(
        model=ToyModel(), work_dir=str(work_dir), train_dataloader=loader,
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.1)),
        train_cfg=dict(by_epoch=True, max_epochs=2),
        default_hooks=dict(checkpoint=dict(type='CheckpointHook', interval=1)),
        default_scope='stgcn_kit', experiment_name=f'toy{id(loader)}', **kwargs)


def test_checkpoints_load_weights_only_and_resume(tmp_path):
    toy_runner(tmp_path).train()
    for epoch in (1, 2):
        ckpt = load_checkpoint_file(tmp_path / f'epoch_{epoch}.pth')
        assert ckpt['meta']['epoch'] == epoch
    assert not [p for p in os.listdir(tmp_path) if p.endswith('.part')]
    runner = toy_runner(tmp_path, resume=True)
    runner.load_or_resume()
    assert runner.epoch == 2 and runner.iter == 4


def foreign_checkpoint(path, **extra):
    """A checkpoint as mmengine's own runner writes it: the message hub holds HistoryBuffer
    objects (pickled through builtins.getattr)."""
    hub = MessageHub(f'foreign{id(path)}')
    hub.update_scalar('train/loss', 1.0)
    state = {'fc.weight': torch.full((1, 2), 3.0), 'fc.bias': torch.zeros(1)}
    torch.save(dict(meta=dict(epoch=1, iter=2), state_dict=state,
                    message_hub=hub.state_dict(), **extra), path)
    return path


def test_load_from_takes_the_weights_of_a_foreign_checkpoint(tmp_path):
    path = foreign_checkpoint(tmp_path / 'foreign.pth')
    runner = toy_runner(tmp_path / 'work', load_from=str(path))
    with pytest.warns(UserWarning, match='skipped the entries message_hub'):
        runner.load_or_resume()
    assert torch.equal(runner.model.fc.weight, torch.full((1, 2), 3.0))
    with pytest.raises(UnsafeFileError,
                       match='foreign.pth: refused to load the globals builtins.getattr'):
        toy_runner(tmp_path / 'work2', load_from=str(path), resume=True).load_or_resume()


@pytest.mark.parametrize('resume', [False, True])
def test_a_payload_checkpoint_runs_only_with_trust_pickle(tmp_path, resume):
    marker = tmp_path / 'ran'
    path = foreign_checkpoint(tmp_path / 'crafted.pth', optimizer=Payload(marker))
    if not resume:  # load_from skips unreadable optional parts: the payload goes in the weights
        torch.save(dict(state_dict={'fc.weight': Payload(marker)}), path)
    runner = toy_runner(tmp_path / 'work', load_from=str(path), resume=resume)
    with pytest.raises(UnsafeFileError, match=r'crafted.pth: refused to load the globals? '
                                              r'(\S+, )*builtins.exec[ ,].*--trust-pickle'):
        runner.load_or_resume()
    assert not marker.exists()
    trusted = toy_runner(tmp_path / 'work2', load_from=str(path), resume=resume,
                         cfg=Config(dict(trust_pickle=True)))
    with contextlib.suppress(Exception):  # what the payload leaves behind may not be usable
        trusted.load_or_resume()
    assert marker.exists()


def test_a_failed_save_leaves_the_previous_checkpoint_whole(tmp_path, monkeypatch):
    runner = toy_runner(tmp_path)
    runner.train()
    before = (tmp_path / 'epoch_2.pth').read_bytes()

    def crash(checkpoint, filename, **kwargs):
        with open(filename, 'wb') as f:
            f.write(b'half a checkpoint')
        raise KeyboardInterrupt  # the process dies mid-write

    monkeypatch.setattr('mmengine.runner.runner.save_checkpoint', crash)
    with pytest.raises(KeyboardInterrupt):
        runner.save_checkpoint(str(tmp_path), 'epoch_2.pth')
    assert (tmp_path / 'epoch_2.pth').read_bytes() == before


def test_latest_complete_checkpoint_skips_a_truncated_pointer(tmp_path):
    assert latest_complete_checkpoint(str(tmp_path)) is None
    for name in ('epoch_2.pth', 'epoch_10.pth', 'best_acc_top1_epoch_3.pth'):
        (tmp_path / name).write_bytes(b'x')
    (tmp_path / 'last_checkpoint').write_text('')
    assert latest_complete_checkpoint(str(tmp_path)) == str(tmp_path / 'epoch_10.pth')
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'epoch_2.pth'))
    assert latest_complete_checkpoint(str(tmp_path)) == str(tmp_path / 'epoch_2.pth')
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'epoch_99.pth'))
    assert latest_complete_checkpoint(str(tmp_path)) == str(tmp_path / 'epoch_10.pth')


class _Interrupted(Exception):
    """Stands for a kill right after a checkpoint was written."""


class LossRecorder(Hook):
    """Records ``(epoch, iter, loss)`` of every training iteration; with ``stop_after`` it
    interrupts the run once that many epochs are done (after their checkpoint is saved: this
    hook runs after ``CheckpointHook``)."""
    priority = 'LOWEST'

    def __init__(self, stop_after=None):
        self.losses, self.stop_after = [], stop_after

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        self.losses.append((runner.epoch, runner.iter, outputs['loss'].item()))

    def after_train_epoch(self, runner):
        if self.stop_after == runner.epoch + 1:
            raise _Interrupted


def _train_recording(cfg, work_dir, stop_after=None):
    recorder = LossRecorder(stop_after)

    def job(runner):
        runner.register_hook(recorder)
        runner.train()

    try:
        run_job(cfg, job, str(work_dir))
    except _Interrupted:
        pass
    return recorder.losses


@pytest.mark.parametrize('num_workers', [0, 2])
def test_an_interrupted_and_resumed_run_reproduces_the_straight_runs_losses(
        tiny_cfg, tmp_path, num_workers):
    # persistent workers carry their generators across epochs: the hard case
    options = {'train_cfg.max_epochs': 2, 'randomness.seed': 3,
               'train_dataloader.num_workers': num_workers,
               'train_dataloader.persistent_workers': num_workers > 0}
    straight = _train_recording(tiny_cfg(**options), tmp_path / 'straight')
    first = _train_recording(tiny_cfg(**options), tmp_path / 'resumed', stop_after=1)
    assert (tmp_path / 'resumed' / 'epoch_1.pth').exists()
    assert not (tmp_path / 'resumed' / 'epoch_2.pth').exists()
    rest = _train_recording(tiny_cfg(**options, resume=True), tmp_path / 'resumed')
    assert len(straight) == 16 and {epoch for epoch, _, _ in rest} == {1}
    # exact equality: same seed, same order of operations on CPU
    assert first + rest == straight
    # the augmentation is random at all: the epochs' losses are not one sequence repeated
    assert len({loss for _, _, loss in straight}) == len(straight)


def _zip_checkpoint(path, epoch):
    torch.save({'meta': {'epoch': epoch, 'iter': 2 * epoch}, 'state_dict': {}}, path)
    return path


def test_validate_checkpoint_refuses_missing_empty_and_truncated_files(tmp_path):
    good = _zip_checkpoint(tmp_path / 'good.pth', 1)
    validate_checkpoint(str(good))
    (tmp_path / 'empty.pth').write_bytes(b'')
    data = good.read_bytes()
    (tmp_path / 'cut.pth').write_bytes(data[:len(data) // 2])
    flipped = bytearray(data)
    flipped[len(data) // 3] ^= 0xFF  # inside the stored tensors/pickle: a CRC mismatch
    (tmp_path / 'flipped.pth').write_bytes(bytes(flipped))
    for name, problem in [('none.pth', 'no such checkpoint'), ('empty.pth', 'empty'),
                          ('cut.pth', 'truncated'), ('flipped.pth', 'corrupt')]:
        with pytest.raises(CheckpointError, match=problem) as err:
            validate_checkpoint(str(tmp_path / name))
        assert name in str(err.value)


def test_a_damaged_newest_checkpoint_falls_back_to_the_previous_one(tmp_path):
    toy_runner(tmp_path).train()  # epoch_1.pth, epoch_2.pth
    data = (tmp_path / 'epoch_2.pth').read_bytes()
    (tmp_path / 'epoch_2.pth').write_bytes(data[:len(data) // 2])
    (tmp_path / 'epoch_3.pth').write_bytes(b'')
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'epoch_3.pth'))
    assert latest_complete_checkpoint(str(tmp_path)) == str(tmp_path / 'epoch_1.pth')
    # the resumed runner warns and continues after epoch 1
    runner = toy_runner(tmp_path, resume=True)
    runner.load_or_resume()
    assert runner.epoch == 1 and runner.iter == 2
    logs = '\n'.join(p.read_text() for p in tmp_path.glob('*/*.log'))
    assert 'epoch_3.pth: empty checkpoint' in logs and 'epoch_2.pth: truncated' in logs


def test_an_explicit_resume_from_a_bad_file_is_a_checkpoint_error(tmp_path):
    (tmp_path / 'zero.pth').write_bytes(b'')
    runner = toy_runner(tmp_path / 'w', resume=True, load_from=str(tmp_path / 'zero.pth'))
    with pytest.raises(CheckpointError, match='zero.pth: empty checkpoint'):
        runner.load_or_resume()


@pytest.mark.filterwarnings(r'ignore:Detected call of `scheduler.step\(\)` before')  # no training
@pytest.mark.parametrize('max_epochs', [1, 2, 3, 4])
def test_the_nwucla_warm_up_fits_any_run_length(tiny_options, max_epochs, tmp_path):
    cfg = Config.fromfile(str(REPO / 'configs' / 'stgcn' / 'stgcn_nwucla' / 'j.py'))
    cfg.merge_from_dict(dict(option.split('=', 1) for option in tiny_options))
    cfg.merge_from_dict({'train_cfg.max_epochs': max_epochs, 'train_dataloader.num_workers': 0,
                         'train_dataloader.persistent_workers': False})
    runner = build_runner(cfg, str(tmp_path / 'work'))
    runner._train_loop = runner.build_train_loop(runner._train_loop)
    runner.optim_wrapper = runner.build_optim_wrapper(runner.optim_wrapper)
    schedulers = runner.build_param_scheduler(runner.param_schedulers)
    epoch_length = len(runner.train_dataloader)
    lrs = []
    for _ in range(max_epochs * epoch_length):
        lrs.append(runner.optim_wrapper.get_lr()['lr'][0])
        for scheduler in schedulers:
            scheduler.step()
    warmup = min(3, max_epochs) * epoch_length
    # linear from 0.1 x 0.05 to 0.05 over the first 3 epochs' iterations, then the cosine down
    expected = [0.005 + 0.045 * i / (3 * epoch_length - 1) for i in range(warmup)]
    assert np.allclose(lrs[:warmup], expected)
    assert len(schedulers) == (2 if max_epochs > 3 else 1)
    if max_epochs > 3:
        assert lrs[warmup - 1] == lrs[warmup] == pytest.approx(0.05) and lrs[-1] < 0.05


def test_labels_beyond_the_heads_classes_fail_before_the_first_iteration(tiny_cfg, tmp_path):
    cfg = tiny_cfg(**{'model.cls_head.num_classes': 6})
    cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None  # the training split alone
    recorder = LossRecorder()

    def job(runner):
        runner.register_hook(recorder)
        runner.train()

    with pytest.raises(DataError, match=r"tiny.pkl: sample '\w+' has label [6-9], but the model "
                                        r'has 6 classes'):
        run_job(cfg, job, str(tmp_path / 'work'))
    assert recorder.losses == []


def test_pyskl_auto_resume_key_continues_the_work_dir(tmp_path):
    toy_runner(tmp_path).train()
    runner = toy_runner(tmp_path, cfg=dict(auto_resume=True))
    runner.load_or_resume()
    assert runner.epoch == 2 and runner.iter == 4
    fresh = toy_runner(tmp_path)
    fresh.load_or_resume()
    assert fresh.epoch == 0


def _failing_put(error):
    def put(self, obj, filepath):
        with open(filepath, 'wb') as f:
            f.write(obj[:10])  # a start, then the device refuses more
        raise OSError(error, os.strerror(error))
    return put


@pytest.mark.parametrize('error', [errno.ENOSPC, errno.EFBIG])
def test_a_failed_save_names_the_checkpoint_and_removes_its_part(tmp_path, monkeypatch, error):
    runner = toy_runner(tmp_path)
    monkeypatch.setattr(LocalBackend, 'put', _failing_put(error))
    with pytest.raises(OSError) as err:
        runner.save_checkpoint(str(tmp_path), 'epoch_7.pth', save_optimizer=False,
                               save_param_scheduler=False)
    assert err.value.filename == str(tmp_path / 'epoch_7.pth')
    assert err.value.strerror == f'cannot save the checkpoint ({os.strerror(error)}); the ' \
                                 f'older checkpoints are kept'
    assert os.listdir(tmp_path) == [p for p in os.listdir(tmp_path) if 'epoch_7' not in p]


def test_the_previous_best_checkpoint_goes_only_once_the_new_one_is_saved(tmp_path,
                                                                         monkeypatch):
    runner = toy_runner(tmp_path)
    hook = SafeCheckpointHook(interval=1, save_best='acc', rule='greater')
    hook.before_train(runner)
    hook._save_best_checkpoint(runner, {'acc': 0.5})
    assert (tmp_path / 'best_acc_epoch_0.pth').exists()
    runner.train_loop._epoch = 1
    put = LocalBackend.put
    monkeypatch.setattr(LocalBackend, 'put', _failing_put(errno.ENOSPC))
    with pytest.raises(OSError, match='cannot save the checkpoint'):
        hook._save_best_checkpoint(runner, {'acc': 0.9})
    assert (tmp_path / 'best_acc_epoch_0.pth').exists()
    # the run ends there; resumed, it knows the best checkpoint its last checkpoint recorded
    monkeypatch.setattr(LocalBackend, 'put', put)
    runner.message_hub.update_info('best_score', 0.5)
    runner.message_hub.update_info('best_ckpt', str(tmp_path / 'best_acc_epoch_0.pth'))
    hook = SafeCheckpointHook(interval=1, save_best='acc', rule='greater')
    hook.before_train(runner)
    hook._save_best_checkpoint(runner, {'acc': 0.9})
    assert (tmp_path / 'best_acc_epoch_1.pth').exists()
    assert not (tmp_path / 'best_acc_epoch_0.pth').exists()
